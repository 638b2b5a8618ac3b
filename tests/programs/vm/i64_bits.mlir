// TARGETS: vmvx
// FLAGS: --iree-input-demote-i64-to-i32=false
// i64 bitwise ops, shifts (amounts >= 64 are masked to the low 6 bits by the reference), count leading zeros.
// RUN: logic 12 10
// RUN: logic -1 0
// RUN: logic -9223372036854775808 9223372036854775807
// RUN: shifts 1 0
// RUN: shifts 1 63
// RUN: shifts -8 1
// RUN: shifts -8 3
// RUN: shifts 1 64
// RUN: shifts 1 65
// RUN: shifts -9223372036854775808 63
// RUN: shifts 305419896 -1
// RUN: ctlz 0
// RUN: ctlz 1
// RUN: ctlz -1
// RUN: ctlz 4294967295
func.func @logic(%a: i64, %b: i64) -> (i64, i64, i64, i64) {
  %and = arith.andi %a, %b : i64
  %or = arith.ori %a, %b : i64
  %xor = arith.xori %a, %b : i64
  %ones = arith.constant -1 : i64
  %not = arith.xori %a, %ones : i64
  return %and, %or, %xor, %not : i64, i64, i64, i64
}
func.func @shifts(%a: i64, %n: i64) -> (i64, i64, i64) {
  %shl = arith.shli %a, %n : i64
  %shrs = arith.shrsi %a, %n : i64
  %shru = arith.shrui %a, %n : i64
  return %shl, %shrs, %shru : i64, i64, i64
}
func.func @ctlz(%a: i64) -> i64 {
  %r = math.ctlz %a : i64
  return %r : i64
}
