// TARGETS: vmvx
// FLAGS: --iree-input-demote-f64-to-f32=false
// ULP: 1 (the reference calls glibc, Weft the libm crate; transcendental results may differ in the last place)
// f64 transcendental and rounding functions (the reference calls the C math library).
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
func.func @exps(%a: f64) -> (f64, f64, f64) {
  %e = math.exp %a : f64
  %e2 = math.exp2 %a : f64
  %em1 = math.expm1 %a : f64
  return %e, %e2, %em1 : f64, f64, f64
}
func.func @logs(%a: f64) -> (f64, f64, f64, f64) {
  %l = math.log %a : f64
  %l10 = math.log10 %a : f64
  %l1p = math.log1p %a : f64
  %l2 = math.log2 %a : f64
  return %l, %l10, %l1p, %l2 : f64, f64, f64, f64
}
func.func @roots(%a: f64) -> (f64, f64) {
  %s = math.sqrt %a : f64
  %rs = math.rsqrt %a : f64
  return %s, %rs : f64, f64
}
func.func @trig(%a: f64) -> (f64, f64, f64) {
  %s = math.sin %a : f64
  %c = math.cos %a : f64
  %t = math.atan %a : f64
  return %s, %c, %t : f64, f64, f64
}
func.func @atan2(%y: f64, %x: f64) -> f64 {
  %r = math.atan2 %y, %x : f64
  return %r : f64
}
func.func @pow(%a: f64, %b: f64) -> f64 {
  %r = math.powf %a, %b : f64
  return %r : f64
}
func.func @tanh_erf(%a: f64) -> (f64, f64) {
  %t = math.tanh %a : f64
  %e = math.erf %a : f64
  return %t, %e : f64, f64
}
func.func @rounding(%a: f64) -> (f64, f64, f64, f64) {
  %c = math.ceil %a : f64
  %f = math.floor %a : f64
  %r = math.round %a : f64
  %re = math.roundeven %a : f64
  return %c, %f, %r, %re : f64, f64, f64, f64
}
