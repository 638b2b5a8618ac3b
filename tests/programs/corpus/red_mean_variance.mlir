// TARGETS: wasm32 host vmvx
// Mean and (population) variance of each row, in stablehlo.
// RUN: mean_var '2x4xf32=1 2 3 4 10 10 10 14'
func.func @mean_var(%x: tensor<2x4xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %n = stablehlo.constant dense<4.0> : tensor<2xf32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<2x4xf32>, tensor<f32>) -> tensor<2xf32>
  %mean = stablehlo.divide %s, %n : tensor<2xf32>
  %mb = stablehlo.broadcast_in_dim %mean, dims = [0] : (tensor<2xf32>) -> tensor<2x4xf32>
  %d = stablehlo.subtract %x, %mb : tensor<2x4xf32>
  %sq = stablehlo.multiply %d, %d : tensor<2x4xf32>
  %ss = stablehlo.reduce(%sq init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<2x4xf32>, tensor<f32>) -> tensor<2xf32>
  %var = stablehlo.divide %ss, %n : tensor<2xf32>
  return %mean, %var : tensor<2xf32>, tensor<2xf32>
}
