// TARGETS: vmvx
// A result longer than iree-run-module prints in full (1024 elements): a 40x50 elementwise
// op over a splatted input, and a 64x64 matmul spread over many workgroups.
// RUN: shift '40x50xf32=1.5' 2
// RUN: square_matmul '64x64xf32=0.5' '64x64xf32=-2'
func.func @shift(%x: tensor<40x50xf32>, %k: f32) -> tensor<40x50xf32> {
  %init = tensor.empty() : tensor<40x50xf32>
  %0 = linalg.generic {
      indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
      iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<40x50xf32>) outs(%init : tensor<40x50xf32>) {
    ^bb0(%in: f32, %out: f32):
      %i = linalg.index 0 : index
      %j = linalg.index 1 : index
      %ij = arith.muli %i, %j : index
      %c = arith.index_cast %ij : index to i32
      %f = arith.sitofp %c : i32 to f32
      %a = arith.mulf %in, %k : f32
      %s = arith.addf %a, %f : f32
      linalg.yield %s : f32
  } -> tensor<40x50xf32>
  return %0 : tensor<40x50xf32>
}
func.func @square_matmul(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<64x64xf32>
  %filled = linalg.fill ins(%zero : f32) outs(%init : tensor<64x64xf32>) -> tensor<64x64xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%filled : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
