// TARGETS: wasm32 host vmvx
// A mutable global tensor accumulating the inputs of successive calls in one context.
// RUN: accumulate '3xf32=1 2 3' | accumulate '3xf32=0.5 0.5 0.5' | accumulate '3xf32=-10 0 10'
// RUN: accumulate '3xf32=7 8 9'
util.global private mutable @sum = dense<0.0> : tensor<3xf32>
func.func @accumulate(%x: tensor<3xf32>) -> tensor<3xf32> {
  %s = util.global.load @sum : tensor<3xf32>
  %n = arith.addf %s, %x : tensor<3xf32>
  util.global.store %n, @sum : tensor<3xf32>
  return %n : tensor<3xf32>
}
