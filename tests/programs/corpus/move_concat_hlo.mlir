// TARGETS: wasm32 host vmvx
// stablehlo.concatenate along each axis.
// RUN: concat '2x2xi32=1 2 3 4' '2x3xi32=5 6 7 8 9 10' '1x2xi32=-1 -2'
func.func @concat(%a: tensor<2x2xi32>, %b: tensor<2x3xi32>, %c: tensor<1x2xi32>) -> (tensor<2x5xi32>, tensor<3x2xi32>) {
  %0 = stablehlo.concatenate %a, %b, dim = 1 : (tensor<2x2xi32>, tensor<2x3xi32>) -> tensor<2x5xi32>
  %1 = stablehlo.concatenate %a, %c, dim = 0 : (tensor<2x2xi32>, tensor<1x2xi32>) -> tensor<3x2xi32>
  return %0, %1 : tensor<2x5xi32>, tensor<3x2xi32>
}
