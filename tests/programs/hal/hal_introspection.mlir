// TARGETS: vmvx
// Buffer views and buffers inspected and edited by the program through HAL ops: rank,
// element type, encoding, dims, the backing buffer's length, a store and load, a subspan
// wrapped in a new buffer view.
// RUN: describe '2x3xf32=1 2 3 4 5 6'
// RUN: describe '1x1x5xf32=1 2 3 4 5'
// RUN: poke '4xi32=1 2 3 4' 77
func.func @describe(%v: !hal.buffer_view) -> (index, i32, i32, index, index) {
  %c0 = arith.constant 0 : index
  %rank = hal.buffer_view.rank<%v : !hal.buffer_view> : index
  %et = hal.buffer_view.element_type<%v : !hal.buffer_view> : i32
  %enc = hal.buffer_view.encoding_type<%v : !hal.buffer_view> : i32
  %b = hal.buffer_view.buffer<%v : !hal.buffer_view> : !hal.buffer
  %len = hal.buffer.length<%b : !hal.buffer> : index
  %d0 = hal.buffer_view.dim<%v : !hal.buffer_view>[0] : index
  return %rank, %et, %enc, %len, %d0 : index, i32, i32, index, index
}
func.func @poke(%v: !hal.buffer_view, %x: i32) -> (i32, !hal.buffer_view) {
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %b = hal.buffer_view.buffer<%v : !hal.buffer_view> : !hal.buffer
  hal.buffer.store<%b : !hal.buffer>[%c4] value(%x : i32)
  %y = hal.buffer.load<%b : !hal.buffer>[%c4] : i32
  %s = hal.buffer.subspan<%b : !hal.buffer>[%c4, %c8] : !hal.buffer
  %c2 = arith.constant 2 : index
  %et = arith.constant 268435488 : i32
  %enc = arith.constant 1 : i32
  %c0 = arith.constant 0 : index
  %nv = hal.buffer_view.create buffer(%s : !hal.buffer)[%c0, %c8] shape([%c2]) type(%et) encoding(%enc) : !hal.buffer_view
  return %y, %nv : i32, !hal.buffer_view
}
