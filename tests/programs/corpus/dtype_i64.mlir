// TARGETS: wasm32 host vmvx
// FLAGS: --iree-input-demote-i64-to-i32=false
// i64 tensors kept as i64: add and multiply past the i32 range, and a reduction.
// RUN: i64_ops '4xi64=4294967296 -9223372036854775807 3000000000 5' '4xi64=1 -1 3 -7'
func.func @i64_ops(%a: tensor<4xi64>, %b: tensor<4xi64>) -> (tensor<4xi64>, tensor<4xi64>, tensor<i64>) {
  %0 = stablehlo.add %a, %b : tensor<4xi64>
  %1 = stablehlo.multiply %a, %b : tensor<4xi64>
  %z = stablehlo.constant dense<0> : tensor<i64>
  %2 = stablehlo.reduce(%1 init: %z) applies stablehlo.add across dimensions = [0] : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  return %0, %1, %2 : tensor<4xi64>, tensor<4xi64>, tensor<i64>
}
