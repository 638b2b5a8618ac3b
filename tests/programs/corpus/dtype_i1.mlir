// TARGETS: wasm32 host vmvx
// i1 tensors: and, or, xor, not, and select driven by a mask. The masks arrive as i8 (nonzero = true)
// because iree-run-module 3.13.0 cannot parse i1 tensor text inputs ("binary hex element count
// mismatch"); i1 results print fine.
// RUN: bools '6xi8=1 1 0 0 1 0' '6xi8=1 0 1 0 0 1' '6xi32=1 2 3 4 5 6'
func.func @bools(%a8: tensor<6xi8>, %b8: tensor<6xi8>, %v: tensor<6xi32>) -> (tensor<6xi1>, tensor<6xi1>, tensor<6xi1>, tensor<6xi1>, tensor<6xi32>) {
  %z8 = arith.constant dense<0> : tensor<6xi8>
  %a = arith.cmpi ne, %a8, %z8 : tensor<6xi8>
  %b = arith.cmpi ne, %b8, %z8 : tensor<6xi8>
  %0 = stablehlo.and %a, %b : tensor<6xi1>
  %1 = stablehlo.or %a, %b : tensor<6xi1>
  %2 = stablehlo.xor %a, %b : tensor<6xi1>
  %3 = stablehlo.not %a : tensor<6xi1>
  %z = stablehlo.constant dense<0> : tensor<6xi32>
  %4 = stablehlo.select %2, %v, %z : tensor<6xi1>, tensor<6xi32>
  return %0, %1, %2, %3, %4 : tensor<6xi1>, tensor<6xi1>, tensor<6xi1>, tensor<6xi1>, tensor<6xi32>
}
