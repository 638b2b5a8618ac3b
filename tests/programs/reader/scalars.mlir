// TARGETS: vmvx wasm32
// Scalar signatures: several results, one result, no results, i64 and f32 values, no arguments.
func.func @add_i32(%a: i32, %b: i32) -> i32 {
  %0 = arith.addi %a, %b : i32
  return %0 : i32
}
func.func @mixed(%a: i64, %b: f32) -> (i64, f32) {
  %0 = arith.addi %a, %a : i64
  %1 = arith.mulf %b, %b : f32
  return %0, %1 : i64, f32
}
func.func @nothing(%a: i32) {
  return
}
func.func @constant() -> i32 {
  %0 = arith.constant 42 : i32
  return %0 : i32
}
