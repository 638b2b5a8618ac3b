// TARGETS: vmvx
// Reductions: a row sum, a column max and a full sum of an i32 tensor.
// RUN: row_sum '3x4xf32=1 2 3 4 5 6 7 8 -1 -2 -3 -4.5'
// RUN: col_max '3x4xf32=1 9 3 4 5 6 -7 8 -1 -2 30 -4.5'
// RUN: total '2x5xi32=1 2 3 4 5 -6 -7 8 9 1000000'
func.func @row_sum(%x: tensor<3x4xf32>) -> tensor<3xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<3xf32>
  %filled = linalg.fill ins(%zero : f32) outs(%init : tensor<3xf32>) -> tensor<3xf32>
  %0 = linalg.reduce ins(%x : tensor<3x4xf32>) outs(%filled : tensor<3xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return %0 : tensor<3xf32>
}
func.func @col_max(%x: tensor<3x4xf32>) -> tensor<4xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %init = tensor.empty() : tensor<4xf32>
  %filled = linalg.fill ins(%ninf : f32) outs(%init : tensor<4xf32>) -> tensor<4xf32>
  %0 = linalg.reduce ins(%x : tensor<3x4xf32>) outs(%filled : tensor<4xf32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %s = arith.maximumf %in, %acc : f32
      linalg.yield %s : f32
    }
  return %0 : tensor<4xf32>
}
func.func @total(%x: tensor<2x5xi32>) -> tensor<i32> {
  %zero = arith.constant 0 : i32
  %init = tensor.empty() : tensor<i32>
  %filled = linalg.fill ins(%zero : i32) outs(%init : tensor<i32>) -> tensor<i32>
  %0 = linalg.reduce ins(%x : tensor<2x5xi32>) outs(%filled : tensor<i32>) dimensions = [0, 1]
    (%in: i32, %acc: i32) {
      %s = arith.addi %in, %acc : i32
      linalg.yield %s : i32
    }
  return %0 : tensor<i32>
}
