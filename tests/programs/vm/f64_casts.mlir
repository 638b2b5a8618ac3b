// TARGETS: vmvx
// FLAGS: --iree-input-demote-f64-to-f32=false --iree-input-demote-i64-to-i32=false
// Conversions f32->f64, i64->f64 (signed and unsigned) and i64<->f64 bit casts. The other f64 conversions
// (f64->f32, i32->f64, f64->int) have no arith lowering in 3.13.0; vm_f64_casts covers them in the vm dialect.
// RUN: widen 0.1
// RUN: widen -0.0
// RUN: widen inf
// RUN: from_i64 -1
// RUN: from_i64 9007199254740993
// RUN: from_i64 -9223372036854775808
// RUN: from_i64 9223372036854775807
// RUN: bits 1
// RUN: bits -0.0
// RUN: bits 5e-324
// RUN: from_bits 4607182418800017408
// RUN: from_bits -1
// RUN: from_bits 9218868437227405313
func.func @widen(%a: f32) -> f64 {
  %r = arith.extf %a : f32 to f64
  return %r : f64
}
func.func @from_i64(%a: i64) -> (f64, f64) {
  %s = arith.sitofp %a : i64 to f64
  %u = arith.uitofp %a : i64 to f64
  return %s, %u : f64, f64
}
func.func @bits(%a: f64) -> i64 {
  %b = arith.bitcast %a : f64 to i64
  return %b : i64
}
func.func @from_bits(%a: i64) -> (f64, i64) {
  %f = arith.bitcast %a : i64 to f64
  %n = arith.negf %f : f64
  %back = arith.bitcast %n : f64 to i64
  return %f, %back : f64, i64
}
