// TARGETS: vmvx vmvx-ukernels
// Quantized-style matmul: i8 x i8 accumulated in i32.
// RUN: matmul '2x3xi8=127 -128 1 -1 2 -3' '3x2xi8=127 -128 -128 127 5 -5'
func.func @matmul(%a: tensor<2x3xi8>, %b: tensor<3x2xi8>) -> tensor<2x2xi32> {
  %zero = arith.constant 0 : i32
  %init = tensor.empty() : tensor<2x2xi32>
  %filled = linalg.fill ins(%zero : i32) outs(%init : tensor<2x2xi32>) -> tensor<2x2xi32>
  %0 = linalg.matmul ins(%a, %b : tensor<2x3xi8>, tensor<3x2xi8>) outs(%filled : tensor<2x2xi32>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}
