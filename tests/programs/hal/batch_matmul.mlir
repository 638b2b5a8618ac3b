// TARGETS: vmvx
// A batch of two small matmuls.
// RUN: bmm '2x2x3xf32=1 2 3 4 5 6 -1 0 1 0 -1 0' '2x3x2xf32=1 0 0 1 1 1 2 3 4 5 6 7'
func.func @bmm(%a: tensor<2x2x3xf32>, %b: tensor<2x3x2xf32>) -> tensor<2x2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<2x2x2xf32>
  %filled = linalg.fill ins(%zero : f32) outs(%init : tensor<2x2x2xf32>) -> tensor<2x2x2xf32>
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x2x3xf32>, tensor<2x3x2xf32>) outs(%filled : tensor<2x2x2xf32>) -> tensor<2x2x2xf32>
  return %0 : tensor<2x2x2xf32>
}
