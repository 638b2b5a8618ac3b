// TARGETS: wasm32 host vmvx
// tosa.argmax over axis 1 of a 2x6 tensor.
// RUN: tosa_argmax '2x6xf32=0 3 1 3 -2 2 -1 -2 -3 -0.5 -4 -5'
func.func @tosa_argmax(%x: tensor<2x6xf32>) -> tensor<2xi32> {
  %0 = "tosa.argmax"(%x) {axis = 1 : i32} : (tensor<2x6xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}
