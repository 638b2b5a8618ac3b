// TARGETS: wasm32 host vmvx
// linalg.conv_2d_nchw_fchw with stride 2 and dilation 2 on a 1x1x7x7 input, 2 output channels.
// RUN: conv_sd '1x1x7x7xf32=1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49' '2x1x2x2xf32=1 -1 0.5 2 0 1 1 0'
func.func @conv_sd(%x: tensor<1x1x7x7xf32>, %f: tensor<2x1x2x2xf32>) -> tensor<1x2x3x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x2x3x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %0 = linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%x, %f : tensor<1x1x7x7xf32>, tensor<2x1x2x2xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}
