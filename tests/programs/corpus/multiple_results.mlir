// TARGETS: wasm32 host vmvx
// Four results of different shapes and types from one function, plus a 0-d tensor.
// RUN: split_stats '2x3xi32=5 -1 7 2 2 -8'
func.func @split_stats(%x: tensor<2x3xi32>) -> (tensor<3xi32>, tensor<3xi32>, tensor<3x2xi32>, tensor<i32>) {
  %a = stablehlo.slice %x [0:1, 0:3] : (tensor<2x3xi32>) -> tensor<1x3xi32>
  %b = stablehlo.slice %x [1:2, 0:3] : (tensor<2x3xi32>) -> tensor<1x3xi32>
  %r0 = stablehlo.reshape %a : (tensor<1x3xi32>) -> tensor<3xi32>
  %r1 = stablehlo.reshape %b : (tensor<1x3xi32>) -> tensor<3xi32>
  %t = stablehlo.transpose %x, dims = [1, 0] : (tensor<2x3xi32>) -> tensor<3x2xi32>
  %z = stablehlo.constant dense<0> : tensor<i32>
  %s = stablehlo.reduce(%x init: %z) applies stablehlo.add across dimensions = [0, 1] : (tensor<2x3xi32>, tensor<i32>) -> tensor<i32>
  return %r0, %r1, %t, %s : tensor<3xi32>, tensor<3xi32>, tensor<3x2xi32>, tensor<i32>
}
