// TARGETS: vmvx
// Elementwise i32 arithmetic: multiply, signed divide and remainder, shifts.
// RUN: ops '4xi32=7 -7 100 -2147483647' '4xi32=2 2 -3 3'
func.func @ops(%a: tensor<4xi32>, %b: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %m = arith.muli %a, %b : tensor<4xi32>
  %d = arith.divsi %a, %b : tensor<4xi32>
  %r = arith.remsi %a, %b : tensor<4xi32>
  %s = arith.shrsi %a, %b : tensor<4xi32>
  return %m, %d, %r, %s : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}
