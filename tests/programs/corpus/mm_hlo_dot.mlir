// TARGETS: wasm32 host vmvx
// stablehlo.dot_general as a matrix-vector and a matrix-matrix product.
// RUN: dots '2x3xf32=1 2 3 4 5 6' '3xf32=1 -1 0.5' '3x2xf32=1 2 3 4 5 6'
func.func @dots(%m: tensor<2x3xf32>, %v: tensor<3xf32>, %n: tensor<3x2xf32>) -> (tensor<2xf32>, tensor<2x2xf32>) {
  %0 = stablehlo.dot_general %m, %v, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
  %1 = stablehlo.dot_general %m, %n, contracting_dims = [1] x [0] : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2x2xf32>
}
