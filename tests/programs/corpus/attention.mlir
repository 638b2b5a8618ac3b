// TARGETS: wasm32 host vmvx
// Scaled dot-product attention for one head: softmax(Q K^T / sqrt(d)) V with 3 queries, 4 keys, d=2.
// ULP: 8
// RUN: attention '3x2xf32=1 0 0 1 1 1' '4x2xf32=1 0 0 1 -1 0 0.5 0.5' '4x2xf32=1 2 3 4 5 6 7 8'
func.func @attention(%q: tensor<3x2xf32>, %k: tensor<4x2xf32>, %v: tensor<4x2xf32>) -> tensor<3x2xf32> {
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %scale = stablehlo.constant dense<0.70710678> : tensor<3x4xf32>
  %qk = stablehlo.dot_general %q, %k, contracting_dims = [1] x [1] : (tensor<3x2xf32>, tensor<4x2xf32>) -> tensor<3x4xf32>
  %l = stablehlo.multiply %qk, %scale : tensor<3x4xf32>
  %m = stablehlo.reduce(%l init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<3x4xf32>, tensor<f32>) -> tensor<3xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0] : (tensor<3xf32>) -> tensor<3x4xf32>
  %d = stablehlo.subtract %l, %mb : tensor<3x4xf32>
  %e = stablehlo.exponential %d : tensor<3x4xf32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<3x4xf32>, tensor<f32>) -> tensor<3xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0] : (tensor<3xf32>) -> tensor<3x4xf32>
  %p = stablehlo.divide %e, %sb : tensor<3x4xf32>
  %0 = stablehlo.dot_general %p, %v, contracting_dims = [1] x [0] : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
