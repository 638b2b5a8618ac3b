// TARGETS: wasm32 host vmvx
// tosa.gather: per batch, pick rows (N=1, K=4 values of C=2, W=3 indices).
// RUN: tosa_gather '1x4x2xf32=1 2 3 4 5 6 7 8' '1x3xi32=3 1 1'
func.func @tosa_gather(%v: tensor<1x4x2xf32>, %i: tensor<1x3xi32>) -> tensor<1x3x2xf32> {
  %0 = tosa.gather %v, %i : (tensor<1x4x2xf32>, tensor<1x3xi32>) -> tensor<1x3x2xf32>
  return %0 : tensor<1x3x2xf32>
}
