// TARGETS: wasm32 host vmvx
// tosa.clamp as ReLU6 and tosa.maximum as ReLU.
// RUN: relus '8xf32=-3 -0.5 0 0.5 3 6 6.5 100'
func.func @relus(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>) {
  %zero = "tosa.const"() {values = dense<0.0> : tensor<8xf32>} : () -> tensor<8xf32>
  %0 = "tosa.clamp"(%x) {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<8xf32>) -> tensor<8xf32>
  %1 = tosa.maximum %x, %zero : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0, %1 : tensor<8xf32>, tensor<8xf32>
}
