// TARGETS: wasm32 host vmvx
// tosa.concat of three f32 vectors.
// RUN: tosa_concat '2xf32=1 2' '3xf32=3 4 5' '1xf32=6'
func.func @tosa_concat(%a: tensor<2xf32>, %b: tensor<3xf32>, %c: tensor<1xf32>) -> tensor<6xf32> {
  %0 = "tosa.concat"(%a, %b, %c) {axis = 0 : i32} : (tensor<2xf32>, tensor<3xf32>, tensor<1xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}
