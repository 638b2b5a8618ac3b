// TARGETS: wasm32 host vmvx
// linalg.batch_matmul 2x(2x3 * 3x2).
// RUN: batch_matmul '2x2x3xf32=1 2 3 4 5 6 -1 -2 -3 0.5 0.5 0.5' '2x3x2xf32=1 0 0 1 1 1 2 0 0 2 1 -1'
func.func @batch_matmul(%a: tensor<2x2x3xf32>, %b: tensor<2x3x2xf32>) -> tensor<2x2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2x2xf32>) -> tensor<2x2x2xf32>
  %0 = linalg.batch_matmul ins(%a, %b : tensor<2x2x3xf32>, tensor<2x3x2xf32>) outs(%init : tensor<2x2x2xf32>) -> tensor<2x2x2xf32>
  return %0 : tensor<2x2x2xf32>
}
