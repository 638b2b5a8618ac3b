// TARGETS: vmvx
// Softmax over the last axis (max, exp, sum, divide: several dispatches).
// RUN: softmax '2x5xf32=1 2 3 4 5 -1 0 1 0 -1'
// RUN: softmax '2x5xf32=100 100 100 100 100 0.5 0.25 0 -0.25 -10'
func.func @softmax(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %init = tensor.empty() : tensor<2x5xf32>
  %0 = linalg.softmax dimension(1) ins(%x : tensor<2x5xf32>) outs(%init : tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}
