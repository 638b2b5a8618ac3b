// TARGETS: wasm32 host vmvx
// A reduction over a dynamic number of rows (column sums of an ?x3 i32 tensor).
// RUN: col_sums '2x3xi32=1 2 3 4 5 6'
// RUN: col_sums '4x3xi32=1 1 1 2 2 2 3 3 3 -6 -6 -6'
// RUN: col_sums '0x3xi32='
func.func @col_sums(%x: tensor<?x3xi32>) -> tensor<3xi32> {
  %z = stablehlo.constant dense<0> : tensor<i32>
  %0 = stablehlo.reduce(%x init: %z) applies stablehlo.add across dimensions = [0] : (tensor<?x3xi32>, tensor<i32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}
