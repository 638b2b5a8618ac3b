// TARGETS: wasm32 vmvx
// Mutation campaign program (tests/robustness/mutate.mjs): a linear layer in ONNX Gemm's form
// (transposed weights, bias, ReLU), which `weft compile` routes to Weft's own kernels, so that
// build's side module imports `weft_*` functions. Inputs are halves: every result is exact.
// RUN: linear '3x8xf32=-1 2 0 -2 1 -1 2 0 -2 1 -1 2 0 -2 1 -1 2 0 -2 1 -1 2 0 -2' '6x8xf32=-1 -2 1.5 0.5 -0.5 -1.5 2 1 0 -1 -2 1.5 0.5 -0.5 -1.5 2 1 0 -1 -2 1.5 0.5 -0.5 -1.5 2 1 0 -1 -2 1.5 0.5 -0.5 -1.5 2 1 0 -1 -2 1.5 0.5 -0.5 -1.5 2 1 0 -1 -2 1.5' '6xf32=0.5 -1 0 1.5 -0.25 2'
func.func @linear(%x: tensor<3x8xf32>, %w: tensor<6x8xf32>, %b: tensor<6xf32>) -> tensor<3x6xf32> {
  %zero = arith.constant 0.0 : f32
  %et = tensor.empty() : tensor<8x6xf32>
  %wt = linalg.transpose ins(%w : tensor<6x8xf32>) outs(%et : tensor<8x6xf32>) permutation = [1, 0]
  %e = tensor.empty() : tensor<3x6xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<3x6xf32>) -> tensor<3x6xf32>
  %mm = linalg.matmul ins(%x, %wt : tensor<3x8xf32>, tensor<8x6xf32>) outs(%fill : tensor<3x6xf32>) -> tensor<3x6xf32>
  %biased = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%mm, %b : tensor<3x6xf32>, tensor<6xf32>) outs(%e : tensor<3x6xf32>) {
    ^bb0(%in: f32, %bias: f32, %out: f32):
      %s = arith.addf %in, %bias : f32
      linalg.yield %s : f32
  } -> tensor<3x6xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%biased : tensor<3x6xf32>) outs(%e : tensor<3x6xf32>) {
    ^bb0(%in: f32, %out: f32):
      %gt = arith.cmpf ugt, %in, %zero : f32
      %r = arith.select %gt, %in, %zero : f32
      linalg.yield %r : f32
  } -> tensor<3x6xf32>
  return %relu : tensor<3x6xf32>
}
