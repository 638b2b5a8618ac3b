// TARGETS: vmvx
// FLAGS: --iree-input-demote-i64-to-i32=false
// Calls between functions kept out of line with #util.inline.never: multiple results passed back through a
// call, mixed i32/i64/f32 arguments and results, a call inside a loop. (Recursive func.func hangs
// iree-compile 3.13.0 in global optimization; vm_calls has recursion written in the vm dialect.)
// RUN: divmod_sum 17 5
// RUN: divmod_sum -17 5
// RUN: call_in_loop 100 10
// RUN: call_in_loop 7 0
// RUN: mixed 3 10000000000 2.5
func.func private @divmod(%a: i32, %b: i32) -> (i32, i32) attributes {inlining_policy = #util.inline.never} {
  %q = arith.divsi %a, %b : i32
  %r = arith.remsi %a, %b : i32
  return %q, %r : i32, i32
}
func.func @divmod_sum(%a: i32, %b: i32) -> (i32, i32, i32) {
  %q, %r = func.call @divmod(%a, %b) : (i32, i32) -> (i32, i32)
  %s = arith.addi %q, %r : i32
  return %q, %r, %s : i32, i32, i32
}
func.func private @scale(%a: i32, %b: i64, %c: f32) -> (i64, f32) attributes {inlining_policy = #util.inline.never} {
  %a64 = arith.extsi %a : i32 to i64
  %p = arith.muli %a64, %b : i64
  %af = arith.sitofp %a : i32 to f32
  %q = arith.mulf %af, %c : f32
  return %p, %q : i64, f32
}
func.func @mixed(%a: i32, %b: i64, %c: f32) -> (f32, i64) {
  %p, %q = func.call @scale(%a, %b, %c) : (i32, i64, f32) -> (i64, f32)
  return %q, %p : f32, i64
}
// Calls @divmod once per loop iteration: sum over i in [1, n] of (a / i) + (a % i).
func.func @call_in_loop(%a: i32, %n: i32) -> i32 {
  %c1 = arith.constant 1 : index
  %ub = arith.index_cast %n : i32 to index
  %ub1 = arith.addi %ub, %c1 : index
  %zero = arith.constant 0 : i32
  %r = scf.for %i = %c1 to %ub1 step %c1 iter_args(%acc = %zero) -> (i32) {
    %ii = arith.index_cast %i : index to i32
    %q, %m = func.call @divmod(%a, %ii) : (i32, i32) -> (i32, i32)
    %s = arith.addi %q, %m : i32
    %n2 = arith.addi %acc, %s : i32
    scf.yield %n2 : i32
  }
  return %r : i32
}
