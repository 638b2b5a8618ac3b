// TARGETS: wasm32 host vmvx
// tensor.collapse_shape and tensor.expand_shape (2x3x2 -> 6x2 -> 3x4 through stablehlo.reshape).
// RUN: reshapes '2x3x2xf32=1 2 3 4 5 6 7 8 9 10 11 12'
func.func @reshapes(%x: tensor<2x3x2xf32>) -> (tensor<6x2xf32>, tensor<3x4xf32>, tensor<2x3x2x1xf32>) {
  %0 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<2x3x2xf32> into tensor<6x2xf32>
  %1 = stablehlo.reshape %0 : (tensor<6x2xf32>) -> tensor<3x4xf32>
  %2 = tensor.expand_shape %x [[0], [1], [2, 3]] output_shape [2, 3, 2, 1] : tensor<2x3x2xf32> into tensor<2x3x2x1xf32>
  return %0, %1, %2 : tensor<6x2xf32>, tensor<3x4xf32>, tensor<2x3x2x1xf32>
}
