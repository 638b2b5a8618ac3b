// TARGETS: wasm32 host vmvx
// TOSA add, sub and mul (with the shift operand), broadcasting a 1x4 operand over 2x4.
// RUN: add_mul_sub '2x4xf32=1 2 3 4 5 6 7 8' '1x4xf32=0.5 -1 2 0'
func.func @add_mul_sub(%a: tensor<2x4xf32>, %b: tensor<1x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %shift = "tosa.const"() {values = dense<0> : tensor<1xi8>} : () -> tensor<1xi8>
  %0 = tosa.add %a, %b : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  %1 = tosa.sub %a, %b : (tensor<2x4xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>
  %2 = tosa.mul %a, %b, %shift : (tensor<2x4xf32>, tensor<1x4xf32>, tensor<1xi8>) -> tensor<2x4xf32>
  return %0, %1, %2 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}
