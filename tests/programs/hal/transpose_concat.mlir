// TARGETS: vmvx
// Data movement: a transpose, and a concatenation along each axis.
// RUN: transpose '2x3xf32=1 2 3 4 5 6'
// RUN: concat0 '2x3xi32=1 2 3 4 5 6' '1x3xi32=7 8 9'
// RUN: concat1 '2x1xf32=1 2' '2x2xf32=3 4 5 6'
func.func @transpose(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %init = tensor.empty() : tensor<3x2xf32>
  %0 = linalg.transpose ins(%x : tensor<2x3xf32>) outs(%init : tensor<3x2xf32>) permutation = [1, 0]
  return %0 : tensor<3x2xf32>
}
func.func @concat0(%a: tensor<2x3xi32>, %b: tensor<1x3xi32>) -> tensor<3x3xi32> {
  %0 = tensor.concat dim(0) %a, %b : (tensor<2x3xi32>, tensor<1x3xi32>) -> tensor<3x3xi32>
  return %0 : tensor<3x3xi32>
}
func.func @concat1(%a: tensor<2x1xf32>, %b: tensor<2x2xf32>) -> tensor<2x3xf32> {
  %0 = tensor.concat dim(1) %a, %b : (tensor<2x1xf32>, tensor<2x2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
