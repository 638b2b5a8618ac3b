// TARGETS: vmvx
// FLAGS: --iree-input-demote-f64-to-f32=false
// f64 comparisons: all ordered/unordered predicates incl. NaN operands and -0.0 == 0.0; select on f64.
// RUN: cmp 1 2
// RUN: cmp 2 2
// RUN: cmp 2 1
// RUN: cmp -0.0 0
// RUN: cmp nan 1
// RUN: cmp nan nan
// RUN: cmp inf inf
// RUN: sel 1 1.5 -2.5
// RUN: sel 0 1.5 -2.5
// RUN: isnan nan
// RUN: isnan inf
func.func @cmp(%a: f64, %b: f64) -> (i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1) {
  %oeq = arith.cmpf oeq, %a, %b : f64
  %one = arith.cmpf one, %a, %b : f64
  %olt = arith.cmpf olt, %a, %b : f64
  %ole = arith.cmpf ole, %a, %b : f64
  %ogt = arith.cmpf ogt, %a, %b : f64
  %oge = arith.cmpf oge, %a, %b : f64
  %ueq = arith.cmpf ueq, %a, %b : f64
  %une = arith.cmpf une, %a, %b : f64
  %ult = arith.cmpf ult, %a, %b : f64
  %ule = arith.cmpf ule, %a, %b : f64
  %ugt = arith.cmpf ugt, %a, %b : f64
  %uge = arith.cmpf uge, %a, %b : f64
  %ord = arith.cmpf ord, %a, %b : f64
  %uno = arith.cmpf uno, %a, %b : f64
  return %oeq, %one, %olt, %ole, %ogt, %oge, %ueq, %une, %ult, %ule, %ugt, %uge, %ord, %uno : i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1
}
func.func @sel(%c: i32, %a: f64, %b: f64) -> f64 {
  %zero = arith.constant 0 : i32
  %p = arith.cmpi ne, %c, %zero : i32
  %r = arith.select %p, %a, %b : f64
  return %r : f64
}
func.func @isnan(%a: f64) -> i1 {
  %r = arith.cmpf uno, %a, %a : f64
  return %r : i1
}
