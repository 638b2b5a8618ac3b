// TARGETS: vmvx
// A strided slice and a constant-padded copy.
// RUN: slice '4x4xf32=1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16'
// RUN: pad '2x2xi32=1 2 3 4'
func.func @slice(%x: tensor<4x4xf32>) -> tensor<2x2xf32> {
  %0 = tensor.extract_slice %x[1, 0] [2, 2] [2, 3] : tensor<4x4xf32> to tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
func.func @pad(%x: tensor<2x2xi32>) -> tensor<3x4xi32> {
  %c = arith.constant -1 : i32
  %0 = tensor.pad %x low[0, 1] high[1, 1] {
    ^bb0(%i: index, %j: index):
      tensor.yield %c : i32
  } : tensor<2x2xi32> to tensor<3x4xi32>
  return %0 : tensor<3x4xi32>
}
