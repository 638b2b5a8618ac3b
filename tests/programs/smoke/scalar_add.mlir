// TARGETS: vmvx
// The smallest program: its work stays in the VM, it imports nothing.
func.func @addmul(%a: i32, %b: i32) -> (i32, i32) {
  %s = arith.addi %a, %b : i32
  %m = arith.muli %a, %b : i32
  return %s, %m : i32, i32
}
