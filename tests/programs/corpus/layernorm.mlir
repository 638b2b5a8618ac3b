// TARGETS: wasm32 host vmvx
// Layer normalization over the last axis with learned scale and bias (eps 1e-5), in stablehlo.
// ULP: 4
// RUN: layernorm '2x4xf32=1 2 3 4 -1 0 1 10' '4xf32=1 0.5 2 1' '4xf32=0 0.1 -0.1 1'
func.func @layernorm(%x: tensor<2x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %n = stablehlo.constant dense<4.0> : tensor<2xf32>
  %eps = stablehlo.constant dense<1.0e-5> : tensor<2xf32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<2x4xf32>, tensor<f32>) -> tensor<2xf32>
  %mean = stablehlo.divide %s, %n : tensor<2xf32>
  %mb = stablehlo.broadcast_in_dim %mean, dims = [0] : (tensor<2xf32>) -> tensor<2x4xf32>
  %d = stablehlo.subtract %x, %mb : tensor<2x4xf32>
  %sq = stablehlo.multiply %d, %d : tensor<2x4xf32>
  %ss = stablehlo.reduce(%sq init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<2x4xf32>, tensor<f32>) -> tensor<2xf32>
  %var = stablehlo.divide %ss, %n : tensor<2xf32>
  %ve = stablehlo.add %var, %eps : tensor<2xf32>
  %r = stablehlo.rsqrt %ve : tensor<2xf32>
  %rb = stablehlo.broadcast_in_dim %r, dims = [0] : (tensor<2xf32>) -> tensor<2x4xf32>
  %nrm = stablehlo.multiply %d, %rb : tensor<2x4xf32>
  %gb = stablehlo.broadcast_in_dim %g, dims = [1] : (tensor<4xf32>) -> tensor<2x4xf32>
  %bb = stablehlo.broadcast_in_dim %b, dims = [1] : (tensor<4xf32>) -> tensor<2x4xf32>
  %y = stablehlo.multiply %nrm, %gb : tensor<2x4xf32>
  %0 = stablehlo.add %y, %bb : tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
