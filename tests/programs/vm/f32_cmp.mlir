// TARGETS: vmvx
// f32 comparisons: all ordered/unordered predicates incl. NaN operands and -0.0 == 0.0; select on f32.
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
func.func @cmp(%a: f32, %b: f32) -> (i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1) {
  %oeq = arith.cmpf oeq, %a, %b : f32
  %one = arith.cmpf one, %a, %b : f32
  %olt = arith.cmpf olt, %a, %b : f32
  %ole = arith.cmpf ole, %a, %b : f32
  %ogt = arith.cmpf ogt, %a, %b : f32
  %oge = arith.cmpf oge, %a, %b : f32
  %ueq = arith.cmpf ueq, %a, %b : f32
  %une = arith.cmpf une, %a, %b : f32
  %ult = arith.cmpf ult, %a, %b : f32
  %ule = arith.cmpf ule, %a, %b : f32
  %ugt = arith.cmpf ugt, %a, %b : f32
  %uge = arith.cmpf uge, %a, %b : f32
  %ord = arith.cmpf ord, %a, %b : f32
  %uno = arith.cmpf uno, %a, %b : f32
  return %oeq, %one, %olt, %ole, %ogt, %oge, %ueq, %une, %ult, %ule, %ugt, %uge, %ord, %uno : i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1, i1
}
func.func @sel(%c: i32, %a: f32, %b: f32) -> f32 {
  %zero = arith.constant 0 : i32
  %p = arith.cmpi ne, %c, %zero : i32
  %r = arith.select %p, %a, %b : f32
  return %r : f32
}
func.func @isnan(%a: f32) -> i1 {
  %r = arith.cmpf uno, %a, %a : f32
  return %r : i1
}
