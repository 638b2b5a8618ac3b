// TARGETS: vmvx-ukernels
// FLAGS: --iree-opt-data-tiling
// vmvx microkernels: an i8 x i8 -> i32 matmul (sign-extended operands), data-tiled.
func.func @matmul_i8(%a: tensor<10x33xi8>, %b: tensor<33x6xi8>) -> tensor<10x6xi32> {
  %zero = arith.constant 0 : i32
  %init = tensor.empty() : tensor<10x6xi32>
  %fill = linalg.fill ins(%zero : i32) outs(%init : tensor<10x6xi32>) -> tensor<10x6xi32>
  %0 = linalg.matmul ins(%a, %b : tensor<10x33xi8>, tensor<33x6xi8>) outs(%fill : tensor<10x6xi32>) -> tensor<10x6xi32>
  return %0 : tensor<10x6xi32>
}
