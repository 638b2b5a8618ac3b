// TARGETS: vmvx
// FLAGS: --iree-execution-model=async-external
// Coarse-fences ABI: every export gains a wait fence and a signal fence.
func.func @mul(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = arith.mulf %x, %y : tensor<4xf32>
  return %0 : tensor<4xf32>
}
