// TARGETS: wasm32 host vmvx
// linalg.depthwise_conv_2d_nhwc_hwc: 3 channels, each with its own 2x2 filter.
// RUN: depthwise '1x3x3x3xf32=1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27' '2x2x3xf32=1 0 -1 0.5 1 1 0.25 -1 2 0 1 0'
func.func @depthwise(%x: tensor<1x3x3x3xf32>, %f: tensor<2x2x3xf32>) -> tensor<1x2x2x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %0 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %f : tensor<1x3x3x3xf32>, tensor<2x2x3xf32>) outs(%init : tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  return %0 : tensor<1x2x2x3xf32>
}
