// TARGETS: wasm32 host vmvx
// chlo.top_k: the 3 largest values of each row and their indices.
// RUN: top3 '2x6xf32=1 9 3 7 5 9 -1 -2 -3 -4 -5 -6'
func.func @top3(%x: tensor<2x6xf32>) -> (tensor<2x3xf32>, tensor<2x3xi32>) {
  %0:2 = chlo.top_k(%x, k = 3) : tensor<2x6xf32> -> (tensor<2x3xf32>, tensor<2x3xi32>)
  return %0#0, %0#1 : tensor<2x3xf32>, tensor<2x3xi32>
}
