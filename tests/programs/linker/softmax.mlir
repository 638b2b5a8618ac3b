// TARGETS: wasm32 host
// Linker fixture: softmax's max-reduction calls libm's fmaxf, which 3.13.0's wasm link cannot
// resolve; with linker/tools/wasm-ld-wrapper the side module imports env.fmaxf instead.
func.func @softmax(%x: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %init = tensor.empty() : tensor<4x32xf32>
  %0 = linalg.softmax dimension(1) ins(%x : tensor<4x32xf32>) outs(%init : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %0 : tensor<4x32xf32>
}
