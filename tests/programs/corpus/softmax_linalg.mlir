// TARGETS: wasm32 host vmvx vulkan-wasm32
// linalg.softmax over the last axis of a 2x3x7 tensor (uses fmaxf in wasm32 kernels).
// ULP: 4
// RUN: softmax '2x3x7xf32=1 2 3 4 5 6 7 0 0 0 0 0 0 1 -1 -2 -3 -4 -5 -6 -7 0.5 0.25 0.125 0 -0.125 -0.25 -0.5 10 20 30 40 50 60 70 3 3 3 3 3 3 3'
func.func @softmax(%x: tensor<2x3x7xf32>) -> tensor<2x3x7xf32> {
  %init = tensor.empty() : tensor<2x3x7xf32>
  %0 = linalg.softmax dimension(2) ins(%x : tensor<2x3x7xf32>) outs(%init : tensor<2x3x7xf32>) -> tensor<2x3x7xf32>
  return %0 : tensor<2x3x7xf32>
}
