// TARGETS: wasm32 host vmvx
// Reading one element of a tensor at a runtime index and writing a scalar into another.
// For (1, 1) iree-compile 3.13.0 lowers the dynamic tensor.insert to a 16-byte fill at offset 16 of the
// 24-byte result buffer, which both runtimes refuse with OUT_OF_RANGE. (0, 0) runs fine in both.
// RUN: get_set '2x3xf32=1 2 3 4 5 6' 1 1 -9.5
// RUN: get_set '2x3xf32=1 2 3 4 5 6' 0 0 0.25
func.func @get_set(%x: tensor<2x3xf32>, %i: i32, %j: i32, %v: f32) -> (f32, tensor<2x3xf32>) {
  %ii = arith.index_cast %i : i32 to index
  %jj = arith.index_cast %j : i32 to index
  %e = tensor.extract %x[%ii, %jj] : tensor<2x3xf32>
  %y = tensor.insert %v into %x[%jj, %ii] : tensor<2x3xf32>
  return %e, %y : f32, tensor<2x3xf32>
}
