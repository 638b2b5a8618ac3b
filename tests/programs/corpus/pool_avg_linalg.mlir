// TARGETS: wasm32 host vmvx
// Average pooling: linalg.pooling_nhwc_sum over 3x3 windows (stride 1) divided by 9.
// RUN: avg_pool '1x4x4x1xf32=1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16'
func.func @avg_pool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %zero = arith.constant 0.0 : f32
  %w = tensor.empty() : tensor<3x3xf32>
  %e = tensor.empty() : tensor<1x2x2x1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %s = linalg.pooling_nhwc_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : tensor<1x4x4x1xf32>, tensor<3x3xf32>) outs(%init : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %nine = arith.constant dense<9.0> : tensor<1x2x2x1xf32>
  %0 = arith.divf %s, %nine : tensor<1x2x2x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}
