// TARGETS: wasm32 host vmvx
// Boolean reductions: any (or) and all (and) per row of an i1 tensor (made from an i8 input:
// iree-run-module 3.13.0 cannot parse i1 tensor text inputs).
// RUN: any_all '3x4xi8=0 0 0 0 1 1 1 1 0 1 0 0'
func.func @any_all(%x8: tensor<3x4xi8>) -> (tensor<3xi1>, tensor<3xi1>) {
  %z8 = stablehlo.constant dense<0> : tensor<3x4xi8>
  %x = stablehlo.compare NE, %x8, %z8 : (tensor<3x4xi8>, tensor<3x4xi8>) -> tensor<3x4xi1>
  %f = stablehlo.constant dense<false> : tensor<i1>
  %t = stablehlo.constant dense<true> : tensor<i1>
  %0 = stablehlo.reduce(%x init: %f) applies stablehlo.or across dimensions = [1] : (tensor<3x4xi1>, tensor<i1>) -> tensor<3xi1>
  %1 = stablehlo.reduce(%x init: %t) applies stablehlo.and across dimensions = [1] : (tensor<3x4xi1>, tensor<i1>) -> tensor<3xi1>
  return %0, %1 : tensor<3xi1>, tensor<3xi1>
}
