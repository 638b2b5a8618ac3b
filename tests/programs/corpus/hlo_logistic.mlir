// TARGETS: wasm32 host vmvx
// stablehlo.logistic (sigmoid) and exponential_minus_one.
// ULP: 2
// RUN: logistic '6xf32=0 1 -1 5 -5 0.001'
func.func @logistic(%x: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %0 = stablehlo.logistic %x : tensor<6xf32>
  %1 = stablehlo.exponential_minus_one %x : tensor<6xf32>
  return %0, %1 : tensor<6xf32>, tensor<6xf32>
}
