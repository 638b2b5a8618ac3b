// TARGETS: wasm32 host vmvx
// stablehlo.reduce multiply on i32 per row (one row overflows and wraps).
// RUN: row_products '3x4xi32=1 2 3 4 -1 5 -2 7 65536 65536 3 1'
func.func @row_products(%x: tensor<3x4xi32>) -> tensor<3xi32> {
  %one = stablehlo.constant dense<1> : tensor<i32>
  %0 = stablehlo.reduce(%x init: %one) applies stablehlo.multiply across dimensions = [1] : (tensor<3x4xi32>, tensor<i32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}
