// TARGETS: vmvx
// FLAGS: --iree-input-demote-i64-to-i32=false
// 64-bit integers kept as i64: compare and select elementwise.
// RUN: max '4xi64=1 -5000000000 9223372036854775807 0' '4xi64=2 -5000000001 -9223372036854775808 0'
func.func @max(%a: tensor<4xi64>, %b: tensor<4xi64>) -> tensor<4xi64> {
  %gt = arith.cmpi sgt, %a, %b : tensor<4xi64>
  %0 = arith.select %gt, %a, %b : tensor<4xi1>, tensor<4xi64>
  return %0 : tensor<4xi64>
}
