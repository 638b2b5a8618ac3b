// TARGETS: vmvx vmvx-ukernels
// Two inputs, one elementwise dispatch.
// RUN: add '4xf32=1 2 3 4' '4xf32=10 20 30 40'
// RUN: add '4xf32=0.1 0.2 -1e30 1e-30' '4xf32=0.2 0.1 1e30 1'
func.func @add(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = arith.addf %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}
