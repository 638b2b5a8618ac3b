// TARGETS: vmvx vmvx-ukernels host
// The smallest tensor program: one elementwise dispatch. The host build is the llvm-cpu x86
// reference Weft must refuse with a clear unsupported-format error.
// RUN: abs '4xf32=1 -2 3.5 -4'
// RUN: abs '4xf32=-0 0 -inf nan'
func.func @abs(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = math.absf %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
