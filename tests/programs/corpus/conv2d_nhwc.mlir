// TARGETS: wasm32 host vmvx
// linalg.conv_2d_nhwc_hwcf: 1x4x4x2 input, 3x3x2x2 filter, stride 1, no padding.
// RUN: conv2d '1x4x4x2xf32=1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 -1 -2 -3 -4 -5 -6 -7 -8 0 1 0 1 0 1 0 1' '3x3x2x2xf32=1 0 0 1 0.5 0.5 -1 1 0 0 1 1 2 -1 0 0 1 1 -0.5 0.25 1 0 0 1 1 1 0 0 -1 -1 2 2 0 1 1 0'
func.func @conv2d(%x: tensor<1x4x4x2xf32>, %f: tensor<3x3x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %f : tensor<1x4x4x2xf32>, tensor<3x3x2x2xf32>) outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}
