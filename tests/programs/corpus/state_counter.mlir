// TARGETS: wasm32 host vmvx
// Scalar state: a call counter and a stored tensor, set by one function and read by another.
// RUN: remember '2x2xi32=1 2 3 4' | calls | remember '2x2xi32=5 6 7 8' | recall | calls
// RUN: recall | calls
util.global private mutable @count = 0 : i32
util.global private mutable @saved = dense<0> : tensor<2x2xi32>
func.func @remember(%x: tensor<2x2xi32>) {
  %c = util.global.load @count : i32
  %one = arith.constant 1 : i32
  %n = arith.addi %c, %one : i32
  util.global.store %n, @count : i32
  util.global.store %x, @saved : tensor<2x2xi32>
  return
}
func.func @recall() -> tensor<2x2xi32> {
  %s = util.global.load @saved : tensor<2x2xi32>
  %d = arith.addi %s, %s : tensor<2x2xi32>
  return %d : tensor<2x2xi32>
}
func.func @calls() -> i32 {
  %c = util.global.load @count : i32
  return %c : i32
}
