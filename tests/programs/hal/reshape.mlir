// TARGETS: vmvx
// Reshapes are metadata only: the result aliases the input buffer with a new shape.
// RUN: flatten '2x3xi32=1 2 3 4 5 6'
// RUN: unflatten '6xf32=1 2 3 4 5 6'
func.func @flatten(%x: tensor<2x3xi32>) -> tensor<6xi32> {
  %0 = tensor.collapse_shape %x [[0, 1]] : tensor<2x3xi32> into tensor<6xi32>
  return %0 : tensor<6xi32>
}
func.func @unflatten(%x: tensor<6xf32>) -> tensor<3x1x2xf32> {
  %0 = tensor.expand_shape %x [[0, 1, 2]] output_shape [3, 1, 2] : tensor<6xf32> into tensor<3x1x2xf32>
  return %0 : tensor<3x1x2xf32>
}
