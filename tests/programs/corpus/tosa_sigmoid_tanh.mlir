// TARGETS: wasm32 host vmvx
// tosa.sigmoid and tosa.tanh.
// ULP: 2
// RUN: sigmoid_tanh '6xf32=0 1 -1 4 -4 0.25'
func.func @sigmoid_tanh(%x: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %0 = tosa.sigmoid %x : (tensor<6xf32>) -> tensor<6xf32>
  %1 = tosa.tanh %x : (tensor<6xf32>) -> tensor<6xf32>
  return %0, %1 : tensor<6xf32>, tensor<6xf32>
}
