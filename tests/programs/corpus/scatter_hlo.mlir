// TARGETS: wasm32 host vmvx
// stablehlo.scatter adding updates into chosen positions of a vector (index 1 appears twice).
// RUN: scatter_add '6xf32=0 10 20 30 40 50' '3x1xi32=1 4 1' '3xf32=1 2 3'
func.func @scatter_add(%x: tensor<6xf32>, %idx: tensor<3x1xi32>, %upd: tensor<3xf32>) -> tensor<6xf32> {
  %0 = "stablehlo.scatter"(%x, %idx, %upd) ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %s = stablehlo.add %a, %b : tensor<f32>
    stablehlo.return %s : tensor<f32>
  }) {
    scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>,
    indices_are_sorted = false, unique_indices = false
  } : (tensor<6xf32>, tensor<3x1xi32>, tensor<3xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}
