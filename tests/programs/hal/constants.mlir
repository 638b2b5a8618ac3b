// TARGETS: vmvx
// Results that need no input: a constant table and a splat of a scalar argument.
// RUN: table
// RUN: splat 2.5
// RUN: splat -0
func.func @table() -> tensor<2x3xi32> {
  %0 = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}
func.func @splat(%v: f32) -> tensor<3x2xf32> {
  %init = tensor.empty() : tensor<3x2xf32>
  %0 = linalg.fill ins(%v : f32) outs(%init : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
