// TARGETS: vmvx
// FLAGS: --iree-input-demote-i64-to-i32=false
// Integer truncation and sign/zero extension between i1, i8, i16, i32 and i64.
// RUN: narrow 0
// RUN: narrow 127
// RUN: narrow 128
// RUN: narrow 255
// RUN: narrow 32767
// RUN: narrow 32768
// RUN: narrow -1
// RUN: narrow 74565
// RUN: widen 0
// RUN: widen -1
// RUN: widen 2147483647
// RUN: widen -2147483648
// RUN: trunc64 4294967297
// RUN: trunc64 -4294967296
// RUN: trunc64 9223372036854775807
// RUN: trunc64 2147483648
// RUN: bool 0
// RUN: bool 2
// RUN: bool 3
func.func @narrow(%a: i32) -> (i32, i32, i32, i32) {
  %b = arith.trunci %a : i32 to i8
  %bs = arith.extsi %b : i8 to i32
  %bu = arith.extui %b : i8 to i32
  %h = arith.trunci %a : i32 to i16
  %hs = arith.extsi %h : i16 to i32
  %hu = arith.extui %h : i16 to i32
  return %bs, %bu, %hs, %hu : i32, i32, i32, i32
}
func.func @widen(%a: i32) -> (i64, i64) {
  %s = arith.extsi %a : i32 to i64
  %u = arith.extui %a : i32 to i64
  return %s, %u : i64, i64
}
func.func @trunc64(%a: i64) -> (i32, i64, i64) {
  %t = arith.trunci %a : i64 to i32
  %b = arith.trunci %a : i64 to i8
  %bs = arith.extsi %b : i8 to i64
  %h = arith.trunci %a : i64 to i16
  %hu = arith.extui %h : i16 to i64
  return %t, %bs, %hu : i32, i64, i64
}
// Low bit of the argument as an i1, extended both ways.
func.func @bool(%a: i32) -> (i32, i32, i64) {
  %b = arith.trunci %a : i32 to i1
  %s = arith.extsi %b : i1 to i32
  %u = arith.extui %b : i1 to i32
  %s64 = arith.extsi %b : i1 to i64
  return %s, %u, %s64 : i32, i32, i64
}
