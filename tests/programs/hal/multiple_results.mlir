// TARGETS: vmvx
// Several results from one call: sum, difference, product and a scalar.
// RUN: arith '3xf32=1 2 3' '3xf32=4 5 -6'
func.func @arith(%a: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, i32) {
  %s = arith.addf %a, %b : tensor<3xf32>
  %d = arith.subf %a, %b : tensor<3xf32>
  %p = arith.mulf %a, %b : tensor<3xf32>
  %c = arith.constant 3 : i32
  return %s, %d, %p, %c : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, i32
}
