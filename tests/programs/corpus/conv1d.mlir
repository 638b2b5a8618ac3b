// TARGETS: wasm32 host vmvx
// linalg.conv_1d_nwc_wcf: a 1-D convolution over 6 steps with 1 input and 2 output channels.
// RUN: conv1d '1x6x1xf32=1 2 3 4 5 6' '3x1x2xf32=1 0 0 1 -1 1'
func.func @conv1d(%x: tensor<1x6x1xf32>, %f: tensor<3x1x2xf32>) -> tensor<1x4x2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x2xf32>) -> tensor<1x4x2xf32>
  %0 = linalg.conv_1d_nwc_wcf {dilations = dense<1> : tensor<1xi64>, strides = dense<1> : tensor<1xi64>}
      ins(%x, %f : tensor<1x6x1xf32>, tensor<3x1x2xf32>) outs(%init : tensor<1x4x2xf32>) -> tensor<1x4x2xf32>
  return %0 : tensor<1x4x2xf32>
}
