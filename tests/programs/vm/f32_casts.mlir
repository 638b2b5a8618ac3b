// TARGETS: vmvx
// FLAGS: --iree-input-demote-i64-to-i32=false
// Conversions between f32 and i32/i64 (signed and unsigned) and bit casts. Note the reference rounds
// float->int casts to nearest (lround), and out-of-range/NaN inputs give platform-defined values.
// `bits 1.00000005960464477550334618` checks f32 argument parsing: correctly rounded (strtof) it is
// 0x3F800001; parsing as a double first and then rounding to f32 would give 0x3F800000.
// RUN: from_i32 7
// RUN: from_i32 -1
// RUN: from_i32 16777217
// RUN: from_i32 -2147483648
// RUN: from_i32 2147483647
// RUN: from_i64 -1
// RUN: from_i64 9007199254740993
// RUN: from_i64 -9223372036854775808
// RUN: from_i64 9223372036854775807
// RUN: to_int 2.5
// RUN: to_int -2.5
// RUN: to_int 2.4
// RUN: to_int -0.6
// RUN: to_int 1e10
// RUN: to_int -1e10
// RUN: to_int 3e9
// RUN: to_int 1e20
// RUN: to_int nan
// RUN: to_int inf
// RUN: to_int -inf
// RUN: bits 1
// RUN: bits -0.0
// RUN: bits nan
// RUN: bits -inf
// RUN: bits 1.4e-45
// RUN: bits 1.00000005960464477550334618
// RUN: from_bits 1065353216
// RUN: from_bits -1
// RUN: from_bits 2139095041
// RUN: from_bits -2147483648
// RUN: from_bits 1
func.func @from_i32(%a: i32) -> (f32, f32) {
  %s = arith.sitofp %a : i32 to f32
  %u = arith.uitofp %a : i32 to f32
  return %s, %u : f32, f32
}
func.func @from_i64(%a: i64) -> (f32, f32) {
  %s = arith.sitofp %a : i64 to f32
  %u = arith.uitofp %a : i64 to f32
  return %s, %u : f32, f32
}
func.func @to_int(%a: f32) -> (i32, i32, i64, i64) {
  %s = arith.fptosi %a : f32 to i32
  %u = arith.fptoui %a : f32 to i32
  %s64 = arith.fptosi %a : f32 to i64
  %u64 = arith.fptoui %a : f32 to i64
  return %s, %u, %s64, %u64 : i32, i32, i64, i64
}
func.func @bits(%a: f32) -> i32 {
  %b = arith.bitcast %a : f32 to i32
  return %b : i32
}
func.func @from_bits(%a: i32) -> (f32, i32) {
  %f = arith.bitcast %a : i32 to f32
  // Round trip through a float op so the value really lives in an f32 register.
  %n = arith.negf %f : f32
  %back = arith.bitcast %n : f32 to i32
  return %f, %back : f32, i32
}
