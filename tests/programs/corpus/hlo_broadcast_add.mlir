// TARGETS: wasm32 host vmvx
// stablehlo.broadcast_in_dim of a row vector and a column vector, added to a matrix.
// RUN: broadcast_add '3x4xf32=1 2 3 4 5 6 7 8 9 10 11 12' '4xf32=0.5 1 1.5 2' '3xf32=100 200 300'
func.func @broadcast_add(%m: tensor<3x4xf32>, %row: tensor<4xf32>, %col: tensor<3xf32>) -> tensor<3x4xf32> {
  %r = stablehlo.broadcast_in_dim %row, dims = [1] : (tensor<4xf32>) -> tensor<3x4xf32>
  %c = stablehlo.broadcast_in_dim %col, dims = [0] : (tensor<3xf32>) -> tensor<3x4xf32>
  %0 = stablehlo.add %m, %r : tensor<3x4xf32>
  %1 = stablehlo.add %0, %c : tensor<3x4xf32>
  return %1 : tensor<3x4xf32>
}
