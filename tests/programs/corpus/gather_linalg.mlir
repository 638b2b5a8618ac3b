// TARGETS: wasm32 host vmvx
// Embedding lookup: rows of a 5x3 table picked by an index vector (tensor.extract in linalg.generic).
// RUN: embed '5x3xf32=0 0 0 1 1 1 2 4 8 -1 -2 -3 0.5 0.25 0.125' '4xi32=3 0 4 3'
func.func @embed(%table: tensor<5x3xf32>, %ids: tensor<4xi32>) -> tensor<4x3xf32> {
  %e = tensor.empty() : tensor<4x3xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      ins(%ids : tensor<4xi32>) outs(%e : tensor<4x3xf32>) {
  ^bb0(%id: i32, %o: f32):
    %r = arith.index_cast %id : i32 to index
    %c = linalg.index 1 : index
    %v = tensor.extract %table[%r, %c] : tensor<5x3xf32>
    linalg.yield %v : f32
  } -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
