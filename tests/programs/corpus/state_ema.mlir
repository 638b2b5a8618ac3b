// TARGETS: wasm32 host vmvx
// An exponential moving average kept in a global: ema = 0.9 * ema + 0.1 * x per call.
// RUN: update '2xf32=10 -10' | update '2xf32=10 -10' | update '2xf32=0 0' | update '2xf32=100 1'
util.global private mutable @ema = dense<0.0> : tensor<2xf32>
func.func @update(%x: tensor<2xf32>) -> tensor<2xf32> {
  %e = util.global.load @ema : tensor<2xf32>
  %a = arith.constant dense<0.9> : tensor<2xf32>
  %b = arith.constant dense<0.1> : tensor<2xf32>
  %p = arith.mulf %e, %a : tensor<2xf32>
  %q = arith.mulf %x, %b : tensor<2xf32>
  %n = arith.addf %p, %q : tensor<2xf32>
  util.global.store %n, @ema : tensor<2xf32>
  return %n : tensor<2xf32>
}
