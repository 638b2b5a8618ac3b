// TARGETS: vmvx
// FLAGS: --iree-input-demote-i64-to-i32=false
// i64 comparisons (all ten predicates, signed vs unsigned) and select.
// RUN: cmp 1 2
// RUN: cmp 2 2
// RUN: cmp -1 1
// RUN: cmp -9223372036854775808 9223372036854775807
// RUN: sel 1 10 20
// RUN: sel 0 10 20
// RUN: sel -5 10 20
// RUN: nz 0
// RUN: nz 7
func.func @cmp(%a: i64, %b: i64) -> (i1, i1, i1, i1, i1, i1, i1, i1, i1, i1) {
  %eq = arith.cmpi eq, %a, %b : i64
  %ne = arith.cmpi ne, %a, %b : i64
  %slt = arith.cmpi slt, %a, %b : i64
  %sle = arith.cmpi sle, %a, %b : i64
  %sgt = arith.cmpi sgt, %a, %b : i64
  %sge = arith.cmpi sge, %a, %b : i64
  %ult = arith.cmpi ult, %a, %b : i64
  %ule = arith.cmpi ule, %a, %b : i64
  %ugt = arith.cmpi ugt, %a, %b : i64
  %uge = arith.cmpi uge, %a, %b : i64
  return %eq, %ne, %slt, %sle, %sgt, %sge, %ult, %ule, %ugt, %uge : i1, i1, i1, i1, i1, i1, i1, i1, i1, i1
}
func.func @sel(%c: i64, %a: i64, %b: i64) -> i64 {
  %zero = arith.constant 0 : i64
  %p = arith.cmpi ne, %c, %zero : i64
  %r = arith.select %p, %a, %b : i64
  return %r : i64
}
func.func @nz(%a: i64) -> i64 {
  %zero = arith.constant 0 : i64
  %p = arith.cmpi ne, %a, %zero : i64
  %r = arith.extui %p : i1 to i64
  return %r : i64
}
