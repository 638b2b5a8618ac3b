// TARGETS: wasm32 host vmvx
// stablehlo.reverse along both axes, added to a stablehlo.iota.
// RUN: reverse_iota '2x3xi32=1 2 3 4 5 6'
func.func @reverse_iota(%x: tensor<2x3xi32>) -> (tensor<2x3xi32>, tensor<2x3xi32>) {
  %0 = stablehlo.reverse %x, dims = [0, 1] : tensor<2x3xi32>
  %i = stablehlo.iota dim = 1 : tensor<2x3xi32>
  %1 = stablehlo.add %0, %i : tensor<2x3xi32>
  return %0, %1 : tensor<2x3xi32>, tensor<2x3xi32>
}
