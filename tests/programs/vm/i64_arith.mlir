// TARGETS: vmvx
// FLAGS: --iree-input-demote-i64-to-i32=false
// i64 arithmetic: add/sub/mul wrap, signed and unsigned div/rem, min/max, abs, negate, fused multiply-add.
// Division by zero and INT_MIN / -1 are undefined in C; the reference runtime traps (SIGFPE on x86), the
// oracle records that as the call's error.
// RUN: arith 3 4
// RUN: arith 9223372036854775807 1
// RUN: arith -9223372036854775808 -1
// RUN: arith 4294967296 4294967296
// RUN: divs 7 2
// RUN: divs -7 2
// RUN: divs 7 -2
// RUN: divs -7 -2
// RUN: divs -9223372036854775808 2
// RUN: divs -1 3
// RUN: divs 5 -1
// RUN: divs -9223372036854775808 -1
// RUN: divs 7 0
// RUN: divs 0 0
// RUN: divu 7 2
// RUN: divu -7 2
// RUN: divu 7 -2
// RUN: divu -7 -2
// RUN: divu -9223372036854775808 2
// RUN: divu -1 3
// RUN: divu 5 -1
// RUN: divu -9223372036854775808 -1
// RUN: divu 7 0
// RUN: divu 0 0
// RUN: rems 7 2
// RUN: rems -7 2
// RUN: rems 7 -2
// RUN: rems -7 -2
// RUN: rems -9223372036854775808 2
// RUN: rems -1 3
// RUN: rems 5 -1
// RUN: rems -9223372036854775808 -1
// RUN: rems 7 0
// RUN: rems 0 0
// RUN: remu 7 2
// RUN: remu -7 2
// RUN: remu 7 -2
// RUN: remu -7 -2
// RUN: remu -9223372036854775808 2
// RUN: remu -1 3
// RUN: remu 5 -1
// RUN: remu -9223372036854775808 -1
// RUN: remu 7 0
// RUN: remu 0 0
// RUN: minmax 3 -4
// RUN: minmax -1 1
// RUN: minmax -9223372036854775808 9223372036854775807
// RUN: absneg 5
// RUN: absneg -5
// RUN: absneg -9223372036854775808
// RUN: absneg 0
// RUN: fma 3 4 5
// RUN: fma 4294967296 4294967296 7
// RUN: fma -3 4 -5
func.func @arith(%a: i64, %b: i64) -> (i64, i64, i64) {
  %add = arith.addi %a, %b : i64
  %sub = arith.subi %a, %b : i64
  %mul = arith.muli %a, %b : i64
  return %add, %sub, %mul : i64, i64, i64
}
func.func @divs(%a: i64, %b: i64) -> i64 {
  %r = arith.divsi %a, %b : i64
  return %r : i64
}
func.func @divu(%a: i64, %b: i64) -> i64 {
  %r = arith.divui %a, %b : i64
  return %r : i64
}
func.func @rems(%a: i64, %b: i64) -> i64 {
  %r = arith.remsi %a, %b : i64
  return %r : i64
}
func.func @remu(%a: i64, %b: i64) -> i64 {
  %r = arith.remui %a, %b : i64
  return %r : i64
}
func.func @minmax(%a: i64, %b: i64) -> (i64, i64, i64, i64) {
  %mins = arith.minsi %a, %b : i64
  %maxs = arith.maxsi %a, %b : i64
  %minu = arith.minui %a, %b : i64
  %maxu = arith.maxui %a, %b : i64
  return %mins, %maxs, %minu, %maxu : i64, i64, i64, i64
}
func.func @absneg(%a: i64) -> (i64, i64) {
  %abs = math.absi %a : i64
  %zero = arith.constant 0 : i64
  %neg = arith.subi %zero, %a : i64
  return %abs, %neg : i64, i64
}
func.func @fma(%a: i64, %b: i64, %c: i64) -> i64 {
  %m = arith.muli %a, %b : i64
  %r = arith.addi %m, %c : i64
  return %r : i64
}
