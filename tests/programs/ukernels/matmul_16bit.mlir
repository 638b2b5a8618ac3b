// TARGETS: vmvx-ukernels
// FLAGS: --iree-opt-data-tiling
// vmvx microkernels with 16-bit floats: f16 x f16 -> f32 and bf16 x bf16 -> bf16 matmuls,
// data-tiled into pack (f16 / bf16) and mmt4d (types 3 and 6). The 3.13.0 reference runtime's
// vmvx module rejects these element types ("unhandled flags" in vmvx.pack); the compiler emits
// them and Weft runs them with the ukernel library's semantics.
func.func @matmul_f16(%a: tensor<5x6xf16>, %b: tensor<6x3xf16>) -> tensor<5x3xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<5x3xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%init : tensor<5x3xf32>) -> tensor<5x3xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<5x6xf16>, tensor<6x3xf16>) outs(%fill : tensor<5x3xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

func.func @matmul_bf16(%a: tensor<4x9xbf16>, %b: tensor<9x7xbf16>) -> tensor<4x7xbf16> {
  %zero = arith.constant 0.0 : bf16
  %init = tensor.empty() : tensor<4x7xbf16>
  %fill = linalg.fill ins(%zero : bf16) outs(%init : tensor<4x7xbf16>) -> tensor<4x7xbf16>
  %0 = linalg.matmul ins(%a, %b : tensor<4x9xbf16>, tensor<9x7xbf16>) outs(%fill : tensor<4x7xbf16>) -> tensor<4x7xbf16>
  return %0 : tensor<4x7xbf16>
}
