// TARGETS: vmvx
// A 2-D dynamic reduction: row sums of any matrix.
// RUN: row_sums '2x3xf32=1 2 3 4 5 6'
// RUN: row_sums '4x1xf32=1 2 3 4'
func.func @row_sums(%x: tensor<?x?xf32>) -> tensor<?xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x?xf32>
  %init = tensor.empty(%n) : tensor<?xf32>
  %filled = linalg.fill ins(%zero : f32) outs(%init : tensor<?xf32>) -> tensor<?xf32>
  %0 = linalg.reduce ins(%x : tensor<?x?xf32>) outs(%filled : tensor<?xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return %0 : tensor<?xf32>
}
