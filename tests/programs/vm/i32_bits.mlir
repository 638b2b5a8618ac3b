// TARGETS: vmvx
// i32 bitwise ops, shifts (amounts >= 32 are masked to the low 5 bits by the reference), count leading zeros.
// RUN: logic 12 10
// RUN: logic -1 0
// RUN: logic -2147483648 2147483647
// RUN: shifts 1 0
// RUN: shifts 1 31
// RUN: shifts -8 1
// RUN: shifts -8 3
// RUN: shifts 1 32
// RUN: shifts 1 33
// RUN: shifts -2147483648 31
// RUN: shifts 305419896 -1
// RUN: ctlz 0
// RUN: ctlz 1
// RUN: ctlz -1
// RUN: ctlz 65535
func.func @logic(%a: i32, %b: i32) -> (i32, i32, i32, i32) {
  %and = arith.andi %a, %b : i32
  %or = arith.ori %a, %b : i32
  %xor = arith.xori %a, %b : i32
  %ones = arith.constant -1 : i32
  %not = arith.xori %a, %ones : i32
  return %and, %or, %xor, %not : i32, i32, i32, i32
}
func.func @shifts(%a: i32, %n: i32) -> (i32, i32, i32) {
  %shl = arith.shli %a, %n : i32
  %shrs = arith.shrsi %a, %n : i32
  %shru = arith.shrui %a, %n : i32
  return %shl, %shrs, %shru : i32, i32, i32
}
func.func @ctlz(%a: i32) -> i32 {
  %r = math.ctlz %a : i32
  return %r : i32
}
