// TARGETS: vmvx vmvx-ukernels
// A fully connected layer: matmul + bias + relu, weights and bias as inputs.
// RUN: fc '2x4xf32=1 2 3 4 -1 -2 -3 -4' '4x3xf32=1 0 -1 0.5 0.5 0.5 -1 2 0 0.25 -0.25 1' '3xf32=0.1 -0.2 0.3'
func.func @fc(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<2x3xf32>
  %filled = linalg.fill ins(%zero : f32) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%filled : tensor<2x3xf32>) -> tensor<2x3xf32>
  %biased = linalg.generic {
      indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
      iterator_types = ["parallel", "parallel"]}
      ins(%mm, %b : tensor<2x3xf32>, tensor<3xf32>) outs(%init : tensor<2x3xf32>) {
    ^bb0(%m: f32, %bias: f32, %out: f32):
      %s = arith.addf %m, %bias : f32
      %r = arith.maximumf %s, %zero : f32
      linalg.yield %r : f32
  } -> tensor<2x3xf32>
  return %biased : tensor<2x3xf32>
}
