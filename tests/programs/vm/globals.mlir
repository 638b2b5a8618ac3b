// TARGETS: vmvx
// FLAGS: --iree-input-demote-f64-to-f32=false --iree-input-demote-i64-to-i32=false
// Mutable globals of every scalar type, read-modify-written by one function so state persists across
// calls in one context (and is fresh in a new context). Initial values come from the module initializer.
// RUN: get
// RUN: step 1 | step 2 | get
// RUN: step 5 | step -7 | step 100 | get
// RUN: reset | get | step 3 | get
util.global private mutable @counter : i32 = 10 : i32
util.global private mutable @big : i64 = 4294967296 : i64
util.global private mutable @scale : f32 = 1.5 : f32
util.global private mutable @acc : f64 = 0.25 : f64
// Adds %n to the counter, multiplies the i64 by (n + 1), scales the f32 by 2 and sets the
// f64 to 3 * f64 - 0.125.
// Returns the new counter value.
func.func @step(%n: i32) -> i32 {
  %c = util.global.load @counter : i32
  %c2 = arith.addi %c, %n : i32
  util.global.store %c2, @counter : i32
  %b = util.global.load @big : i64
  %n64 = arith.extsi %n : i32 to i64
  %one = arith.constant 1 : i64
  %n1 = arith.addi %n64, %one : i64
  %b2 = arith.muli %b, %n1 : i64
  util.global.store %b2, @big : i64
  %s = util.global.load @scale : f32
  %two = arith.constant 2.0 : f32
  %s2 = arith.mulf %s, %two : f32
  util.global.store %s2, @scale : f32
  %a = util.global.load @acc : f64
  %three = arith.constant 3.0 : f64
  %eighth = arith.constant 0.125 : f64
  %a3 = arith.mulf %a, %three : f64
  %a2 = arith.subf %a3, %eighth : f64
  util.global.store %a2, @acc : f64
  return %c2 : i32
}
func.func @get() -> (i32, i64, f32, f64) {
  %c = util.global.load @counter : i32
  %b = util.global.load @big : i64
  %s = util.global.load @scale : f32
  %a = util.global.load @acc : f64
  return %c, %b, %s, %a : i32, i64, f32, f64
}
func.func @reset() {
  %c = arith.constant 0 : i32
  util.global.store %c, @counter : i32
  %b = arith.constant -1 : i64
  util.global.store %b, @big : i64
  %s = arith.constant -0.0 : f32
  util.global.store %s, @scale : f32
  %a = arith.constant 1.0e300 : f64
  util.global.store %a, @acc : f64
  return
}
