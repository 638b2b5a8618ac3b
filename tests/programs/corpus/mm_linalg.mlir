// TARGETS: wasm32 host vmvx
// linalg.matmul 4x3 * 3x5 (f32).
// RUN: matmul '4x3xf32=1 2 3 4 5 6 7 8 9 10 11 12' '3x5xf32=1 0 -1 2 0.5 0 1 1 -2 0.25 3 -1 0 1 2'
func.func @matmul(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> tensor<4x5xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x5xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4x5xf32>) -> tensor<4x5xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<4x3xf32>, tensor<3x5xf32>) outs(%init : tensor<4x5xf32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
