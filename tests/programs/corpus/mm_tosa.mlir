// TARGETS: wasm32 host vmvx
// tosa.matmul (batched, with zero-point operands as TOSA 1.0 requires).
// RUN: tosa_matmul '1x2x3xf32=1 2 3 4 5 6' '1x3x2xf32=0.5 1 -1 2 3 0'
func.func @tosa_matmul(%a: tensor<1x2x3xf32>, %b: tensor<1x3x2xf32>) -> tensor<1x2x2xf32> {
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32>
  return %0 : tensor<1x2x2xf32>
}
