// TARGETS: wasm32 host vmvx
// linalg.matmul on fully dynamic shapes (2x3*3x2 and 1x4*4x3).
// RUN: matmul '2x3xf32=1 2 3 4 5 6' '3x2xf32=1 0 0 1 1 1'
// RUN: matmul '1x4xf32=1 -1 2 -2' '4x3xf32=1 2 3 4 5 6 7 8 9 10 11 12'
func.func @matmul(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %a, %c0 : tensor<?x?xf32>
  %n = tensor.dim %b, %c1 : tensor<?x?xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty(%m, %n) : tensor<?x?xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<?x?xf32>) -> tensor<?x?xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%init : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
