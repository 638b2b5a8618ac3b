// TARGETS: vmvx
// Argmax along the last axis: a reduction carrying a value and an index.
// RUN: argmax '2x4xf32=1 5 3 5 -1 -2 -0.5 -3'
func.func @argmax(%x: tensor<2x4xf32>) -> tensor<2xi32> {
  %ninf = arith.constant 0xFF800000 : f32
  %c0 = arith.constant 0 : i32
  %vi = tensor.empty() : tensor<2xf32>
  %ii = tensor.empty() : tensor<2xi32>
  %v = linalg.fill ins(%ninf : f32) outs(%vi : tensor<2xf32>) -> tensor<2xf32>
  %i = linalg.fill ins(%c0 : i32) outs(%ii : tensor<2xi32>) -> tensor<2xi32>
  %0:2 = linalg.generic {
      indexing_maps = [affine_map<(r, c) -> (r, c)>, affine_map<(r, c) -> (r)>, affine_map<(r, c) -> (r)>],
      iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<2x4xf32>) outs(%v, %i : tensor<2xf32>, tensor<2xi32>) {
    ^bb0(%in: f32, %best: f32, %at: i32):
      %c = linalg.index 1 : index
      %ci = arith.index_cast %c : index to i32
      %gt = arith.cmpf ogt, %in, %best : f32
      %nb = arith.select %gt, %in, %best : f32
      %na = arith.select %gt, %ci, %at : i32
      linalg.yield %nb, %na : f32, i32
  } -> (tensor<2xf32>, tensor<2xi32>)
  return %0#1 : tensor<2xi32>
}
