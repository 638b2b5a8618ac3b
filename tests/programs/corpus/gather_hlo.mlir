// TARGETS: wasm32 host vmvx
// stablehlo.gather of whole rows (index_vector_dim 1), like torch.index_select on dim 0.
// RUN: take_rows '4x2xi32=10 11 20 21 30 31 40 41' '3x1xi32=2 0 3'
func.func @take_rows(%x: tensor<4x2xi32>, %idx: tensor<3x1xi32>) -> tensor<3x2xi32> {
  %0 = "stablehlo.gather"(%x, %idx) {
    dimension_numbers = #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>,
    slice_sizes = array<i64: 1, 2>, indices_are_sorted = false
  } : (tensor<4x2xi32>, tensor<3x1xi32>) -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}
