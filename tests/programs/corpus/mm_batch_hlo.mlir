// TARGETS: wasm32 host vmvx
// stablehlo.dot_general with a batch dimension (3 batches of 2x4 * 4x2).
// RUN: batch_dot '3x2x4xf32=1 2 3 4 5 6 7 8 1 1 1 1 2 2 2 2 0 1 0 1 1 0 1 0' '3x4x2xf32=1 0 0 1 1 1 -1 2 1 2 3 4 5 6 7 8 0.5 0.5 0.5 0.5 1 -1 -1 1'
func.func @batch_dot(%a: tensor<3x2x4xf32>, %b: tensor<3x4x2xf32>) -> tensor<3x2x2xf32> {
  %0 = stablehlo.dot_general %a, %b, batching_dims = [0] x [0], contracting_dims = [2] x [1] : (tensor<3x2x4xf32>, tensor<3x4x2xf32>) -> tensor<3x2x2xf32>
  return %0 : tensor<3x2x2xf32>
}
