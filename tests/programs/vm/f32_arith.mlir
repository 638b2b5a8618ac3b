// TARGETS: vmvx
// f32 arithmetic: add/sub/mul/div/rem, negate, abs, fused multiply-add, minimum/maximum (NaN-propagating), with -0.0, inf, NaN.
// RUN: arith 1.5 2.25
// RUN: arith 1 3
// RUN: arith 1 0
// RUN: arith -1 0
// RUN: arith 0 0
// RUN: arith 3.4028235e38 3.4028235e38
// RUN: arith inf -inf
// RUN: arith nan 1
// RUN: rem 7 2
// RUN: rem -7 2
// RUN: rem 5.5 2
// RUN: rem 1 0
// RUN: rem inf 2
// RUN: unary 2.5
// RUN: unary -0.0
// RUN: unary 0
// RUN: unary -inf
// RUN: unary nan
// RUN: fma 2 3 4
// RUN: fma 0.1 10 -1
// RUN: minmax 1 2
// RUN: minmax -0.0 0
// RUN: minmax 0 -0.0
// RUN: minmax nan 1
// RUN: minmax 1 nan
func.func @arith(%a: f32, %b: f32) -> (f32, f32, f32, f32) {
  %add = arith.addf %a, %b : f32
  %sub = arith.subf %a, %b : f32
  %mul = arith.mulf %a, %b : f32
  %div = arith.divf %a, %b : f32
  return %add, %sub, %mul, %div : f32, f32, f32, f32
}
func.func @rem(%a: f32, %b: f32) -> f32 {
  %r = arith.remf %a, %b : f32
  return %r : f32
}
func.func @unary(%a: f32) -> (f32, f32) {
  %neg = arith.negf %a : f32
  %abs = math.absf %a : f32
  return %neg, %abs : f32, f32
}
func.func @fma(%a: f32, %b: f32, %c: f32) -> f32 {
  %r = math.fma %a, %b, %c : f32
  return %r : f32
}
func.func @minmax(%a: f32, %b: f32) -> (f32, f32) {
  %min = arith.minimumf %a, %b : f32
  %max = arith.maximumf %a, %b : f32
  return %min, %max : f32, f32
}
