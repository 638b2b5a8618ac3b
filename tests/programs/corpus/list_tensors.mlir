// TARGETS: wasm32 host vmvx
// util.list of tensors (exported as buffer views): build a list of the input and two derived tensors,
// return two of them read back from the list, and its size (the list itself is not returned: Weft's
// session cannot return vm.list results yet).
// RUN: make_list '3xf32=1 2 3'
!list = !util.list<?>
func.func @make_list(%x: tensor<3xf32>) -> (!hal.buffer_view, !hal.buffer_view, index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %l = util.list.create %c3 : !list
  util.list.resize %l, %c3 : !list
  %d = arith.addf %x, %x : tensor<3xf32>
  %m = arith.mulf %x, %x : tensor<3xf32>
  %bx = hal.tensor.export %x : tensor<3xf32> -> !hal.buffer_view
  %bd = hal.tensor.export %d : tensor<3xf32> -> !hal.buffer_view
  %bm = hal.tensor.export %m : tensor<3xf32> -> !hal.buffer_view
  util.list.set %l[%c0], %bx : !hal.buffer_view -> !list
  util.list.set %l[%c1], %bd : !hal.buffer_view -> !list
  util.list.set %l[%c2], %bm : !hal.buffer_view -> !list
  %n = util.list.size %l : !list
  %g2 = util.list.get %l[%c2] : !list -> !hal.buffer_view
  %g0 = util.list.get %l[%c0] : !list -> !hal.buffer_view
  return %g2, %g0, %n : !hal.buffer_view, !hal.buffer_view, index
}
