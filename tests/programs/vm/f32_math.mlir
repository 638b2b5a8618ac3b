// TARGETS: vmvx
// f32 transcendental and rounding functions (the reference calls the C math library).
// ULP: 1 (the reference calls glibc, Weft the libm crate; transcendental results may differ in the last place)
// RUN: exps 0.5
// RUN: exps -1
// RUN: exps 100
// RUN: logs 2
// RUN: logs 0
// RUN: logs -1
// RUN: logs 1e-8
// RUN: roots 4
// RUN: roots 2
// RUN: roots -1
// RUN: roots 0
// RUN: trig 0.5
// RUN: trig -3
// RUN: atan2 1 -1
// RUN: atan2 -0.0 -1
// RUN: atan2 0 0
// RUN: pow 2 10
// RUN: pow -8 0.3333333
// RUN: pow 0 0
// RUN: pow 2 -0.5
// RUN: tanh_erf 0.5
// RUN: tanh_erf -20
// RUN: rounding 2.5
// RUN: rounding -2.5
// RUN: rounding 3.5
// RUN: rounding -0.4
// RUN: rounding 1.7
func.func @exps(%a: f32) -> (f32, f32, f32) {
  %e = math.exp %a : f32
  %e2 = math.exp2 %a : f32
  %em1 = math.expm1 %a : f32
  return %e, %e2, %em1 : f32, f32, f32
}
func.func @logs(%a: f32) -> (f32, f32, f32, f32) {
  %l = math.log %a : f32
  %l10 = math.log10 %a : f32
  %l1p = math.log1p %a : f32
  %l2 = math.log2 %a : f32
  return %l, %l10, %l1p, %l2 : f32, f32, f32, f32
}
func.func @roots(%a: f32) -> (f32, f32) {
  %s = math.sqrt %a : f32
  %rs = math.rsqrt %a : f32
  return %s, %rs : f32, f32
}
func.func @trig(%a: f32) -> (f32, f32, f32) {
  %s = math.sin %a : f32
  %c = math.cos %a : f32
  %t = math.atan %a : f32
  return %s, %c, %t : f32, f32, f32
}
func.func @atan2(%y: f32, %x: f32) -> f32 {
  %r = math.atan2 %y, %x : f32
  return %r : f32
}
func.func @pow(%a: f32, %b: f32) -> f32 {
  %r = math.powf %a, %b : f32
  return %r : f32
}
func.func @tanh_erf(%a: f32) -> (f32, f32) {
  %t = math.tanh %a : f32
  %e = math.erf %a : f32
  return %t, %e : f32, f32
}
func.func @rounding(%a: f32) -> (f32, f32, f32, f32) {
  %c = math.ceil %a : f32
  %f = math.floor %a : f32
  %r = math.round %a : f32
  %re = math.roundeven %a : f32
  return %c, %f, %r, %re : f32, f32, f32, f32
}
