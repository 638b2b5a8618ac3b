// TARGETS: wasm32 host vmvx
// linalg.matmul with i8 operands accumulating into i32 (sign-extended), values near the i8 range ends.
// RUN: matmul_i8 '2x4xi8=127 -128 1 2 -1 -1 100 50' '4x3xi8=127 -128 0 1 2 3 -100 100 5 7 -7 127'
func.func @matmul_i8(%a: tensor<2x4xi8>, %b: tensor<4x3xi8>) -> tensor<2x3xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<2x3xi32>
  %init = linalg.fill ins(%zero : i32) outs(%e : tensor<2x3xi32>) -> tensor<2x3xi32>
  %0 = linalg.matmul ins(%a, %b : tensor<2x4xi8>, tensor<4x3xi8>) outs(%init : tensor<2x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}
