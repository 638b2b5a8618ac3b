// TARGETS: wasm32 host vmvx
// util.list of i32 scalars filled from a tensor's elements in a loop, then summed from the list; the
// list itself stays inside (Weft's session cannot return vm.list results yet: it prints "(no printer)").
// RUN: via_list '5xi32=3 1 4 1 5'
!list = !util.list<i32>
func.func @via_list(%x: tensor<5xi32>) -> (index, i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %z = arith.constant 0 : i32
  %l = util.list.create %c5 : !list
  util.list.resize %l, %c5 : !list
  scf.for %i = %c0 to %c5 step %c1 {
    %v = tensor.extract %x[%i] : tensor<5xi32>
    %v2 = arith.muli %v, %v : i32
    util.list.set %l[%i], %v2 : i32 -> !list
  }
  %s = scf.for %i = %c0 to %c5 step %c1 iter_args(%acc = %z) -> i32 {
    %v = util.list.get %l[%i] : !list -> i32
    %a = arith.addi %acc, %v : i32
    scf.yield %a : i32
  }
  %n = util.list.size %l : !list
  return %n, %s : index, i32
}
