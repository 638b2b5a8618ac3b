// TARGETS: vmvx
// FLAGS: --iree-execution-model=async-external
// The coarse-fences ABI: each export also takes a wait and a signal fence, which the caller
// (iree-run-module, or Weft's session) supplies and waits on.
// RUN: mul '4xf32=1 2 3 4' '4xf32=2 -2 0.5 0'
// RUN: mul '4xf32=1 1 1 1' '4xf32=3 3 3 3' | mul '4xf32=0 1 2 3' '4xf32=inf 1 1 1'
func.func @mul(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = arith.mulf %x, %y : tensor<4xf32>
  return %0 : tensor<4xf32>
}
