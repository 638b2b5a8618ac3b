// TARGETS: wasm32 host vmvx
// tosa.transpose of a 3x2 f32 matrix.
// RUN: tosa_transpose '3x2xf32=1 2 3 4 5 6'
func.func @tosa_transpose(%x: tensor<3x2xf32>) -> tensor<2x3xf32> {
  %0 = "tosa.transpose"(%x) {perms = array<i32: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
