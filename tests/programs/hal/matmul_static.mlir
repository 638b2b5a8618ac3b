// TARGETS: vmvx vmvx-ukernels
// A static matmul large enough to span several workgroups.
// RUN: matmul '8x16xf32=[1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16][2 4 6 8 10 12 14 16 1 3 5 7 9 11 13 15][0 1 0 1 0 1 0 1 0 1 0 1 0 1 0 1][-1 -2 -3 -4 -5 -6 -7 -8 -9 -10 -11 -12 -13 -14 -15 -16][0.5 0.25 0.125 1 2 4 8 16 0 0 0 0 1 1 1 1][3 1 4 1 5 9 2 6 5 3 5 8 9 7 9 3][1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1][9 8 7 6 5 4 3 2 1 0 -1 -2 -3 -4 -5 -6]' '16x4xf32=1 0 0 1 0 1 0 1 0 0 1 1 1 1 1 1 2 0 0 0 0 2 0 0 0 0 2 0 0 0 0 2 -1 0 0 0 0 -1 0 0 0 0 -1 0 0 0 0 -1 0.5 0.5 0.5 0.5 1 2 3 4 4 3 2 1 0 0 0 0'
func.func @matmul(%a: tensor<8x16xf32>, %b: tensor<16x4xf32>) -> tensor<8x4xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<8x4xf32>
  %filled = linalg.fill ins(%zero : f32) outs(%init : tensor<8x4xf32>) -> tensor<8x4xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<8x16xf32>, tensor<16x4xf32>) outs(%filled : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %0 : tensor<8x4xf32>
}
