// TARGETS: wasm32 host vmvx
// tensor.insert_slice at a runtime offset (dynamic_update_slice).
// RUN: update '3x4xf32=0 0 0 0 0 0 0 0 0 0 0 0' '2x2xf32=1 2 3 4' 1 2
// RUN: update '3x4xf32=9 9 9 9 9 9 9 9 9 9 9 9' '2x2xf32=-1 -2 -3 -4' 0 0
func.func @update(%x: tensor<3x4xf32>, %u: tensor<2x2xf32>, %r: i32, %c: i32) -> tensor<3x4xf32> {
  %ri = arith.index_cast %r : i32 to index
  %ci = arith.index_cast %c : i32 to index
  %0 = tensor.insert_slice %u into %x[%ri, %ci] [2, 2] [1, 1] : tensor<2x2xf32> into tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
