// TARGETS: vmvx
// i32 arithmetic: add/sub/mul wrap, signed and unsigned div/rem, min/max, abs, negate, fused multiply-add.
// Division by zero and INT_MIN / -1 are undefined in C; the reference runtime traps (SIGFPE on x86), the
// oracle records that as the call's error.
// RUN: arith 3 4
// RUN: arith 2147483647 1
// RUN: arith -2147483648 -1
// RUN: arith 65536 65536
// RUN: divs 7 2
// RUN: divs -7 2
// RUN: divs 7 -2
// RUN: divs -7 -2
// RUN: divs -2147483648 2
// RUN: divs -1 3
// RUN: divs 5 -1
// RUN: divs -2147483648 -1
// RUN: divs 7 0
// RUN: divs 0 0
// RUN: divu 7 2
// RUN: divu -7 2
// RUN: divu 7 -2
// RUN: divu -7 -2
// RUN: divu -2147483648 2
// RUN: divu -1 3
// RUN: divu 5 -1
// RUN: divu -2147483648 -1
// RUN: divu 7 0
// RUN: divu 0 0
// RUN: rems 7 2
// RUN: rems -7 2
// RUN: rems 7 -2
// RUN: rems -7 -2
// RUN: rems -2147483648 2
// RUN: rems -1 3
// RUN: rems 5 -1
// RUN: rems -2147483648 -1
// RUN: rems 7 0
// RUN: rems 0 0
// RUN: remu 7 2
// RUN: remu -7 2
// RUN: remu 7 -2
// RUN: remu -7 -2
// RUN: remu -2147483648 2
// RUN: remu -1 3
// RUN: remu 5 -1
// RUN: remu -2147483648 -1
// RUN: remu 7 0
// RUN: remu 0 0
// RUN: minmax 3 -4
// RUN: minmax -1 1
// RUN: minmax -2147483648 2147483647
// RUN: absneg 5
// RUN: absneg -5
// RUN: absneg -2147483648
// RUN: absneg 0
// RUN: fma 3 4 5
// RUN: fma 65536 65536 7
// RUN: fma -3 4 -5
func.func @arith(%a: i32, %b: i32) -> (i32, i32, i32) {
  %add = arith.addi %a, %b : i32
  %sub = arith.subi %a, %b : i32
  %mul = arith.muli %a, %b : i32
  return %add, %sub, %mul : i32, i32, i32
}
func.func @divs(%a: i32, %b: i32) -> i32 {
  %r = arith.divsi %a, %b : i32
  return %r : i32
}
func.func @divu(%a: i32, %b: i32) -> i32 {
  %r = arith.divui %a, %b : i32
  return %r : i32
}
func.func @rems(%a: i32, %b: i32) -> i32 {
  %r = arith.remsi %a, %b : i32
  return %r : i32
}
func.func @remu(%a: i32, %b: i32) -> i32 {
  %r = arith.remui %a, %b : i32
  return %r : i32
}
func.func @minmax(%a: i32, %b: i32) -> (i32, i32, i32, i32) {
  %mins = arith.minsi %a, %b : i32
  %maxs = arith.maxsi %a, %b : i32
  %minu = arith.minui %a, %b : i32
  %maxu = arith.maxui %a, %b : i32
  return %mins, %maxs, %minu, %maxu : i32, i32, i32, i32
}
func.func @absneg(%a: i32) -> (i32, i32) {
  %abs = math.absi %a : i32
  %zero = arith.constant 0 : i32
  %neg = arith.subi %zero, %a : i32
  return %abs, %neg : i32, i32
}
func.func @fma(%a: i32, %b: i32, %c: i32) -> i32 {
  %m = arith.muli %a, %b : i32
  %r = arith.addi %m, %c : i32
  return %r : i32
}
