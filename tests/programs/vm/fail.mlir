// TARGETS: vmvx
// ERRORS: exact
// Failures: cf.assert (lowers to vm.cond_fail -> vm.fail with the message) and util.status.check_ok with a
// caller-supplied status code. The error text the reference reports is recorded by the oracle.
// RUN: checked_div 10 3
// RUN: checked_div 10 0
// RUN: status 0
// RUN: status 3
// RUN: status 5
// RUN: status 13
// RUN: checked_div 10 2 | checked_div 1 0 | checked_div 9 3
func.func @checked_div(%a: i32, %b: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %ok = arith.cmpi ne, %b, %c0 : i32
  cf.assert %ok, "division by zero requested"
  %q = arith.divsi %a, %b : i32
  return %q : i32
}
func.func @status(%code: i32) -> i32 {
  util.status.check_ok %code, "status check failed"
  %c1 = arith.constant 1 : i32
  %r = arith.addi %code, %c1 : i32
  return %r : i32
}
