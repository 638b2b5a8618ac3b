// TARGETS: vmvx-ukernels
// FLAGS: --iree-opt-data-tiling
// vmvx microkernels: an f32 matmul with odd sizes, data-tiled into pack -> mmt4d -> unpack.
func.func @matmul_f32(%a: tensor<13x17xf32>, %b: tensor<17x11xf32>) -> tensor<13x11xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<13x11xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%init : tensor<13x11xf32>) -> tensor<13x11xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<13x17xf32>, tensor<17x11xf32>) outs(%fill : tensor<13x11xf32>) -> tensor<13x11xf32>
  return %0 : tensor<13x11xf32>
}

// Accumulating into an argument: mmt4d with the accumulate flag.
func.func @matmul_f32_acc(%a: tensor<9x20xf32>, %b: tensor<20x7xf32>, %c: tensor<9x7xf32>) -> tensor<9x7xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<9x20xf32>, tensor<20x7xf32>) outs(%c : tensor<9x7xf32>) -> tensor<9x7xf32>
  return %0 : tensor<9x7xf32>
}

// Dynamic shapes.
func.func @matmul_f32_dynamic(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %a, %c0 : tensor<?x?xf32>
  %n = tensor.dim %b, %c1 : tensor<?x?xf32>
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty(%m, %n) : tensor<?x?xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%init : tensor<?x?xf32>) -> tensor<?x?xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%fill : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
