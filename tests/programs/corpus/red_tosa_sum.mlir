// TARGETS: wasm32 host vmvx
// tosa.reduce_sum and tosa.reduce_max along axis 0 (results keep the reduced dim as 1).
// RUN: tosa_reduce '3x4xf32=1 2 3 4 5 6 7 8 -9 10 -11 12'
func.func @tosa_reduce(%x: tensor<3x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %0 = "tosa.reduce_sum"(%x) {axis = 0 : i32} : (tensor<3x4xf32>) -> tensor<1x4xf32>
  %1 = "tosa.reduce_max"(%x) {axis = 0 : i32} : (tensor<3x4xf32>) -> tensor<1x4xf32>
  return %0, %1 : tensor<1x4xf32>, tensor<1x4xf32>
}
