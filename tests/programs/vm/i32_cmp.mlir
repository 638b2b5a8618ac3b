// TARGETS: vmvx
// i32 comparisons (all ten predicates, signed vs unsigned) and select.
// RUN: cmp 1 2
// RUN: cmp 2 2
// RUN: cmp -1 1
// RUN: cmp -2147483648 2147483647
// RUN: sel 1 10 20
// RUN: sel 0 10 20
// RUN: sel -5 10 20
// RUN: nz 0
// RUN: nz 7
func.func @cmp(%a: i32, %b: i32) -> (i1, i1, i1, i1, i1, i1, i1, i1, i1, i1) {
  %eq = arith.cmpi eq, %a, %b : i32
  %ne = arith.cmpi ne, %a, %b : i32
  %slt = arith.cmpi slt, %a, %b : i32
  %sle = arith.cmpi sle, %a, %b : i32
  %sgt = arith.cmpi sgt, %a, %b : i32
  %sge = arith.cmpi sge, %a, %b : i32
  %ult = arith.cmpi ult, %a, %b : i32
  %ule = arith.cmpi ule, %a, %b : i32
  %ugt = arith.cmpi ugt, %a, %b : i32
  %uge = arith.cmpi uge, %a, %b : i32
  return %eq, %ne, %slt, %sle, %sgt, %sge, %ult, %ule, %ugt, %uge : i1, i1, i1, i1, i1, i1, i1, i1, i1, i1
}
func.func @sel(%c: i32, %a: i32, %b: i32) -> i32 {
  %zero = arith.constant 0 : i32
  %p = arith.cmpi ne, %c, %zero : i32
  %r = arith.select %p, %a, %b : i32
  return %r : i32
}
func.func @nz(%a: i32) -> i32 {
  %zero = arith.constant 0 : i32
  %p = arith.cmpi ne, %a, %zero : i32
  %r = arith.extui %p : i1 to i32
  return %r : i32
}
