// TARGETS: host
// NCHW convolutions as iree-import-onnx writes ONNX Conv (padding as a tensor.pad before; the
// init is broadcast(bias), or fill(0) for a Conv without bias): dense, pointwise (also on 1×1
// inputs, as squeeze-excite blocks have them) and depthwise 3×3, stride 1 and 2, odd channel
// counts and widths at the depthwise kernel's 4-output vectors, dynamic spatial sizes; and
// forms no Weft kernel takes (batch 2, dilation, 5×5 depthwise). See matmul.mlir.
// REPORT: weft weft_kernels::conv2d(tensor<1x3x9x9xf32>, tensor<2x3x3x3x4xf32>, tensor<5xf32>)
// REPORT: weft weft_kernels::conv2d(tensor<1x3x10x10xf32>, tensor<3x3x3x3x4xf32>, tensor<9xf32>)
// REPORT: weft weft_kernels::conv1x1(tensor<1x7x1x1xf32>, tensor<5x7x1x1xf32>, tensor<5xf32>)
// REPORT: weft weft_kernels::conv1x1(tensor<1x5x1x1xf32>, tensor<9x5x1x1xf32>, tensor<9xf32>)
// REPORT: weft weft_kernels::conv1x1(tensor<1x?x?x?xf32>, tensor<?x?x1x1xf32>, tensor<?xf32>)
// REPORT: weft weft_kernels::dwconv3x3(tensor<1x5x7x9xf32>, tensor<5x3x3xf32>, tensor<5xf32>)
// REPORT: weft weft_kernels::dwconv3x3(tensor<1x3x11x13xf32>, tensor<3x3x3xf32>, tensor<3xf32>)
// REPORT: weft weft_kernels::dwconv3x3(tensor<1x?x?x?xf32>, tensor<?x3x3xf32>, tensor<?xf32>)
// REPORT: compiler linalg.conv_2d_nchw_fchw(tensor<2x3x6x6xf32>, tensor<4x3x3x3xf32>): batch 2: Weft's convolution kernels take batch 1
// REPORT: compiler linalg.conv_2d_nchw_fchw(tensor<1x2x9x9xf32>, tensor<3x2x3x3xf32>): dilation 2: Weft's convolution kernels take undilated ones
// REPORT: compiler linalg.depthwise_conv_2d_nchw_chw(tensor<1x4x9x9xf32>, tensor<4x5x5xf32>): 5x5 depthwise: Weft's depthwise kernels are 3x3
module @conv_nchw {
  // Conv 3×3 without bias, 3 -> 5 channels (fewer than the kernel's 8-channel tile), pad 1.
  // CALL: @conv3x3_nobias(1x3x7x7xf32, 5x3x3x3xf32)
  func.func @conv3x3_nobias(%x: tensor<1x3x7x7xf32>, %w: tensor<5x3x3x3xf32>) -> tensor<1x5x7x7xf32> {
    %zero = arith.constant 0.0 : f32
    %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f32
    } : tensor<1x3x7x7xf32> to tensor<1x3x9x9xf32>
    %e = tensor.empty() : tensor<1x5x7x7xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x7x7xf32>) -> tensor<1x5x7x7xf32>
    %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%p, %w : tensor<1x3x9x9xf32>, tensor<5x3x3x3xf32>) outs(%f : tensor<1x5x7x7xf32>) -> tensor<1x5x7x7xf32>
    return %y : tensor<1x5x7x7xf32>
  }

  // Conv 3×3 stride 2 without bias, 9 output channels (one past the 8-channel tile), even input.
  // CALL: @conv3x3_s2_nobias(1x3x10x10xf32, 9x3x3x3xf32)
  func.func @conv3x3_s2_nobias(%x: tensor<1x3x10x10xf32>, %w: tensor<9x3x3x3xf32>) -> tensor<1x9x4x4xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x9x4x4xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x9x4x4xf32>) -> tensor<1x9x4x4xf32>
    %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
        ins(%x, %w : tensor<1x3x10x10xf32>, tensor<9x3x3x3xf32>) outs(%f : tensor<1x9x4x4xf32>) -> tensor<1x9x4x4xf32>
    return %y : tensor<1x9x4x4xf32>
  }

  // Squeeze-excite: two 1×1 convolutions on a 1×1 input, the first with a bias, the second without.
  // CALL: @squeeze_excite(1x7x1x1xf32, 5x7x1x1xf32, 5xf32, 9x5x1x1xf32)
  func.func @squeeze_excite(%x: tensor<1x7x1x1xf32>, %w1: tensor<5x7x1x1xf32>, %b1: tensor<5xf32>, %w2: tensor<9x5x1x1xf32>) -> tensor<1x9x1x1xf32> {
    %zero = arith.constant 0.0 : f32
    %e1 = tensor.empty() : tensor<1x5x1x1xf32>
    %i1 = linalg.broadcast ins(%b1 : tensor<5xf32>) outs(%e1 : tensor<1x5x1x1xf32>) dimensions = [0, 2, 3]
    %y1 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%x, %w1 : tensor<1x7x1x1xf32>, tensor<5x7x1x1xf32>) outs(%i1 : tensor<1x5x1x1xf32>) -> tensor<1x5x1x1xf32>
    %e2 = tensor.empty() : tensor<1x9x1x1xf32>
    %i2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x9x1x1xf32>) -> tensor<1x9x1x1xf32>
    %y2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%y1, %w2 : tensor<1x5x1x1xf32>, tensor<9x5x1x1xf32>) outs(%i2 : tensor<1x9x1x1xf32>) -> tensor<1x9x1x1xf32>
    return %y2 : tensor<1x9x1x1xf32>
  }

  // Pointwise without bias, channels and spatial size dynamic.
  // CALL: @pointwise_dynamic(1x6x5x3xf32, 4x6x1x1xf32)
  // CALL: @pointwise_dynamic(1x3x1x1xf32, 9x3x1x1xf32)
  // CALL: @pointwise_dynamic(1x5x8x9xf32, 1x5x1x1xf32)
  func.func @pointwise_dynamic(%x: tensor<1x?x?x?xf32>, %w: tensor<?x?x1x1xf32>) -> tensor<1x?x?x?xf32> {
    %c0 = arith.constant 0 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %zero = arith.constant 0.0 : f32
    %fo = tensor.dim %w, %c0 : tensor<?x?x1x1xf32>
    %h = tensor.dim %x, %c2 : tensor<1x?x?x?xf32>
    %wd = tensor.dim %x, %c3 : tensor<1x?x?x?xf32>
    %e = tensor.empty(%fo, %h, %wd) : tensor<1x?x?x?xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x?x?x?xf32>) -> tensor<1x?x?x?xf32>
    %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%x, %w : tensor<1x?x?x?xf32>, tensor<?x?x1x1xf32>) outs(%f : tensor<1x?x?x?xf32>) -> tensor<1x?x?x?xf32>
    return %y : tensor<1x?x?x?xf32>
  }

  // Depthwise 3×3 without bias, 5 channels, output width 7 (a vector of 4 and 3 more).
  // CALL: @depthwise_nobias(1x5x7x9xf32, 5x3x3xf32)
  func.func @depthwise_nobias(%x: tensor<1x5x7x9xf32>, %w: tensor<5x3x3xf32>) -> tensor<1x5x5x7xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x5x5x7xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x5x7xf32>) -> tensor<1x5x5x7xf32>
    %y = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%x, %w : tensor<1x5x7x9xf32>, tensor<5x3x3xf32>) outs(%f : tensor<1x5x5x7xf32>) -> tensor<1x5x5x7xf32>
    return %y : tensor<1x5x5x7xf32>
  }

  // Depthwise 3×3 stride 2 without bias, odd input (13 wide: outputs 6 = 4 + 2).
  // CALL: @depthwise_s2_nobias(1x3x11x13xf32, 3x3x3xf32)
  func.func @depthwise_s2_nobias(%x: tensor<1x3x11x13xf32>, %w: tensor<3x3x3xf32>) -> tensor<1x3x5x6xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x3x5x6xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32>
    %y = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
        ins(%x, %w : tensor<1x3x11x13xf32>, tensor<3x3x3xf32>) outs(%f : tensor<1x3x5x6xf32>) -> tensor<1x3x5x6xf32>
    return %y : tensor<1x3x5x6xf32>
  }

  // Depthwise 3×3 with bias, every size dynamic.
  // CALL: @depthwise_dynamic(1x4x6x6xf32, 4x3x3xf32, 4xf32)
  // CALL: @depthwise_dynamic(1x1x3x3xf32, 1x3x3xf32, 1xf32)
  func.func @depthwise_dynamic(%x: tensor<1x?x?x?xf32>, %w: tensor<?x3x3xf32>, %b: tensor<?xf32>) -> tensor<1x?x?x?xf32> {
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %ch = tensor.dim %x, %c1 : tensor<1x?x?x?xf32>
    %h = tensor.dim %x, %c2 : tensor<1x?x?x?xf32>
    %wd = tensor.dim %x, %c3 : tensor<1x?x?x?xf32>
    %oh = arith.subi %h, %c2 : index
    %ow = arith.subi %wd, %c2 : index
    %e = tensor.empty(%ch, %oh, %ow) : tensor<1x?x?x?xf32>
    %i = linalg.broadcast ins(%b : tensor<?xf32>) outs(%e : tensor<1x?x?x?xf32>) dimensions = [0, 2, 3]
    %y = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%x, %w : tensor<1x?x?x?xf32>, tensor<?x3x3xf32>) outs(%i : tensor<1x?x?x?xf32>) -> tensor<1x?x?x?xf32>
    return %y : tensor<1x?x?x?xf32>
  }

  // Batch 2: Weft's convolution kernels take batch 1.
  // CALL: @conv_batch2(2x3x6x6xf32, 4x3x3x3xf32)
  func.func @conv_batch2(%x: tensor<2x3x6x6xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<2x4x4x4xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x4x4x4xf32>) -> tensor<2x4x4x4xf32>
    %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%x, %w : tensor<2x3x6x6xf32>, tensor<4x3x3x3xf32>) outs(%f : tensor<2x4x4x4xf32>) -> tensor<2x4x4x4xf32>
    return %y : tensor<2x4x4x4xf32>
  }

  // Dilation 2: not taken either.
  // CALL: @conv_dilated(1x2x9x9xf32, 3x2x3x3xf32)
  func.func @conv_dilated(%x: tensor<1x2x9x9xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x5x5xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x3x5x5xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x3x5x5xf32>) -> tensor<1x3x5x5xf32>
    %y = linalg.conv_2d_nchw_fchw {dilations = dense<2> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%x, %w : tensor<1x2x9x9xf32>, tensor<3x2x3x3xf32>) outs(%f : tensor<1x3x5x5xf32>) -> tensor<1x3x5x5xf32>
    return %y : tensor<1x3x5x5xf32>
  }

  // A 5×5 depthwise convolution: Weft's depthwise kernels are 3×3.
  // CALL: @depthwise5x5(1x4x9x9xf32, 4x5x5xf32)
  func.func @depthwise5x5(%x: tensor<1x4x9x9xf32>, %w: tensor<4x5x5xf32>) -> tensor<1x4x5x5xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x4x5x5xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
    %y = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%x, %w : tensor<1x4x9x9xf32>, tensor<4x5x5xf32>) outs(%f : tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32>
    return %y : tensor<1x4x5x5xf32>
  }
}
