// TARGETS: vmvx
// 2x2 max pooling with stride 2 (NHWC).
// RUN: pool '1x4x4x1xf32=1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16'
func.func @pool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %window = tensor.empty() : tensor<2x2xf32>
  %init = tensor.empty() : tensor<1x2x2x1xf32>
  %filled = linalg.fill ins(%ninf : f32) outs(%init : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %0 = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %window : tensor<1x4x4x1xf32>, tensor<2x2xf32>) outs(%filled : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %0 : tensor<1x2x2x1xf32>
}
