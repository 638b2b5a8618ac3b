// TARGETS: vmvx
// FLAGS: --iree-input-demote-f64-to-f32=false
// f64 arithmetic: add/sub/mul/div/rem, negate, abs, fused multiply-add, minimum/maximum (NaN-propagating), with -0.0, inf, NaN.
// RUN: arith 1.5 2.25
// RUN: arith 1 3
// RUN: arith 1 0
// RUN: arith -1 0
// RUN: arith 0 0
// RUN: arith 1.7976931348623157e308 1.7976931348623157e308
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
func.func @arith(%a: f64, %b: f64) -> (f64, f64, f64, f64) {
  %add = arith.addf %a, %b : f64
  %sub = arith.subf %a, %b : f64
  %mul = arith.mulf %a, %b : f64
  %div = arith.divf %a, %b : f64
  return %add, %sub, %mul, %div : f64, f64, f64, f64
}
func.func @rem(%a: f64, %b: f64) -> f64 {
  %r = arith.remf %a, %b : f64
  return %r : f64
}
func.func @unary(%a: f64) -> (f64, f64) {
  %neg = arith.negf %a : f64
  %abs = math.absf %a : f64
  return %neg, %abs : f64, f64
}
func.func @fma(%a: f64, %b: f64, %c: f64) -> f64 {
  %r = math.fma %a, %b, %c : f64
  return %r : f64
}
func.func @minmax(%a: f64, %b: f64) -> (f64, f64) {
  %min = arith.minimumf %a, %b : f64
  %max = arith.maximumf %a, %b : f64
  return %min, %max : f64, f64
}
