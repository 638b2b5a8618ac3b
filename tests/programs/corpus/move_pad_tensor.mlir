// TARGETS: wasm32 host vmvx
// tensor.pad of an i8 image with a border of 1 (value -1) on every side.
// RUN: pad_i8 '2x2xi8=1 2 3 4'
func.func @pad_i8(%x: tensor<2x2xi8>) -> tensor<4x4xi8> {
  %m1 = arith.constant -1 : i8
  %0 = tensor.pad %x low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %m1 : i8
  } : tensor<2x2xi8> to tensor<4x4xi8>
  return %0 : tensor<4x4xi8>
}
