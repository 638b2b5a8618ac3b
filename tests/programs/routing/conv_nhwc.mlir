// TARGETS: host
// NHWC convolutions in the forms StableHLO (TF, JAX: fill(0) -> conv -> + bias, or no bias) and
// TOSA (weights transposed from FHWC to HWCF, the bias as the convolution's init; depthwise
// HWCM with M = 1, collapsed, then + bias) are lowered to: dense 3×3 (stride 1, 2), pointwise
// (also on a 1×1 input), depthwise 3×3 (stride 1, 2), odd channel counts, dynamic sizes; and
// stride 3, which no Weft kernel takes. See matmul.mlir.
// REPORT: weft weft_kernels::conv2d_nhwc(tensor<1x7x7x3xf32>, tensor<2x3x3x3x4xf32>, tensor<5xf32>)
// REPORT: weft weft_kernels::conv2d_nhwc(tensor<1x?x?x?xf32>, tensor<?x?x?x?x4xf32>, tensor<?xf32>)
// REPORT: weft weft_kernels::linear_packed(tensor<1x1x1x6xf32>, tensor<2x6x8xf32>, tensor<9xf32>)
// REPORT: weft weft_kernels::dwconv3x3_nhwc(tensor<1x9x8x5xf32>, tensor<3x3x5xf32>, tensor<5xf32>)
// REPORT: weft weft_kernels::conv2d_nhwc(tensor<1x9x9x3xf32>, tensor<3x3x3x3x4xf32>, tensor<9xf32>)
// REPORT: weft weft_kernels::linear_packed(tensor<1x4x5x7xf32>, tensor<1x7x8xf32>, tensor<3xf32>)
// REPORT: weft weft_kernels::dwconv3x3_nhwc(tensor<1x9x11x6xf32>, tensor<3x3x6xf32>, tensor<6xf32>)
// REPORT: compiler linalg.conv_2d_nhwc_hwcf(tensor<1x10x10x3xf32>, tensor<3x3x3x4xf32>): stride 3: Weft's convolution kernels take stride 1 or 2 (the same both ways)
module @conv_nhwc {
  // StableHLO without bias: 3×3, 3 -> 5 channels.
  // CALL: @conv3x3_nobias(1x7x7x3xf32, 3x3x3x5xf32)
  func.func @conv3x3_nobias(%x: tensor<1x7x7x3xf32>, %w: tensor<3x3x3x5xf32>) -> tensor<1x5x5x5xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x5x5x5xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x5x5x5xf32>) -> tensor<1x5x5x5xf32>
    %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%x, %w : tensor<1x7x7x3xf32>, tensor<3x3x3x5xf32>) outs(%f : tensor<1x5x5x5xf32>) -> tensor<1x5x5x5xf32>
    return %y : tensor<1x5x5x5xf32>
  }

  // StableHLO without bias, stride 2, every size dynamic (output 4×4 from 9×9 with 3×3).
  // CALL: @conv_s2_dynamic(1x9x9x3xf32, 3x3x3x10xf32)
  // CALL: @conv_s2_dynamic(1x3x3x1xf32, 3x3x1x1xf32)
  func.func @conv_s2_dynamic(%x: tensor<1x?x?x?xf32>, %w: tensor<?x?x?x?xf32>) -> tensor<1x?x?x?xf32> {
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %zero = arith.constant 0.0 : f32
    %h = tensor.dim %x, %c1 : tensor<1x?x?x?xf32>
    %wd = tensor.dim %x, %c2 : tensor<1x?x?x?xf32>
    %fo = tensor.dim %w, %c3 : tensor<?x?x?x?xf32>
    %oh = affine.apply affine_map<()[s0] -> ((s0 - 3) floordiv 2 + 1)>()[%h]
    %ow = affine.apply affine_map<()[s0] -> ((s0 - 3) floordiv 2 + 1)>()[%wd]
    %e = tensor.empty(%oh, %ow, %fo) : tensor<1x?x?x?xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x?x?x?xf32>) -> tensor<1x?x?x?xf32>
    %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
        ins(%x, %w : tensor<1x?x?x?xf32>, tensor<?x?x?x?xf32>) outs(%f : tensor<1x?x?x?xf32>) -> tensor<1x?x?x?xf32>
    return %y : tensor<1x?x?x?xf32>
  }

  // StableHLO pointwise without bias on a 1×1 input (squeeze-excite).
  // CALL: @pointwise_1x1_nobias(1x1x1x6xf32, 1x1x6x9xf32)
  func.func @pointwise_1x1_nobias(%x: tensor<1x1x1x6xf32>, %w: tensor<1x1x6x9xf32>) -> tensor<1x1x1x9xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x1x1x9xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x1x9xf32>) -> tensor<1x1x1x9xf32>
    %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%x, %w : tensor<1x1x1x6xf32>, tensor<1x1x6x9xf32>) outs(%f : tensor<1x1x1x9xf32>) -> tensor<1x1x1x9xf32>
    return %y : tensor<1x1x1x9xf32>
  }

  // StableHLO depthwise without bias, 5 channels (a vector of 4 and 1 more).
  // CALL: @depthwise_nobias(1x9x8x5xf32, 3x3x5xf32)
  func.func @depthwise_nobias(%x: tensor<1x9x8x5xf32>, %w: tensor<3x3x5xf32>) -> tensor<1x7x6x5xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x7x6x5xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x7x6x5xf32>) -> tensor<1x7x6x5xf32>
    %y = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%x, %w : tensor<1x9x8x5xf32>, tensor<3x3x5xf32>) outs(%f : tensor<1x7x6x5xf32>) -> tensor<1x7x6x5xf32>
    return %y : tensor<1x7x6x5xf32>
  }

  // TOSA conv2d, stride 2: FHWC weights transposed to HWCF, the bias broadcast as the init.
  // CALL: @tosa_conv_s2(1x9x9x3xf32, 9x3x3x3xf32, 9xf32)
  func.func @tosa_conv_s2(%x: tensor<1x9x9x3xf32>, %w: tensor<9x3x3x3xf32>, %b: tensor<9xf32>) -> tensor<1x4x4x9xf32> {
    %et = tensor.empty() : tensor<3x3x3x9xf32>
    %wt = linalg.transpose ins(%w : tensor<9x3x3x3xf32>) outs(%et : tensor<3x3x3x9xf32>) permutation = [1, 2, 3, 0]
    %e = tensor.empty() : tensor<1x4x4x9xf32>
    %i = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%b : tensor<9xf32>) outs(%e : tensor<1x4x4x9xf32>) {
      ^bb0(%in: f32, %out: f32):
        linalg.yield %in : f32
    } -> tensor<1x4x4x9xf32>
    %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
        ins(%x, %wt : tensor<1x9x9x3xf32>, tensor<3x3x3x9xf32>) outs(%i : tensor<1x4x4x9xf32>) -> tensor<1x4x4x9xf32>
    return %y : tensor<1x4x4x9xf32>
  }

  // TOSA pointwise (1×1, bias as init).
  // CALL: @tosa_pointwise(1x4x5x7xf32, 3x1x1x7xf32, 3xf32)
  func.func @tosa_pointwise(%x: tensor<1x4x5x7xf32>, %w: tensor<3x1x1x7xf32>, %b: tensor<3xf32>) -> tensor<1x4x5x3xf32> {
    %et = tensor.empty() : tensor<1x1x7x3xf32>
    %wt = linalg.transpose ins(%w : tensor<3x1x1x7xf32>) outs(%et : tensor<1x1x7x3xf32>) permutation = [1, 2, 3, 0]
    %e = tensor.empty() : tensor<1x4x5x3xf32>
    %i = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%b : tensor<3xf32>) outs(%e : tensor<1x4x5x3xf32>) {
      ^bb0(%in: f32, %out: f32):
        linalg.yield %in : f32
    } -> tensor<1x4x5x3xf32>
    %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%x, %wt : tensor<1x4x5x7xf32>, tensor<1x1x7x3xf32>) outs(%i : tensor<1x4x5x3xf32>) -> tensor<1x4x5x3xf32>
    return %y : tensor<1x4x5x3xf32>
  }

  // TOSA depthwise_conv2d, stride 2: HWCM weights (M = 1), the output collapsed, then + bias.
  // CALL: @tosa_depthwise_s2(1x9x11x6xf32, 3x3x6x1xf32, 6xf32)
  func.func @tosa_depthwise_s2(%x: tensor<1x9x11x6xf32>, %w: tensor<3x3x6x1xf32>, %b: tensor<6xf32>) -> tensor<1x4x5x6xf32> {
    %zero = arith.constant 0.0 : f32
    %e5 = tensor.empty() : tensor<1x4x5x6x1xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e5 : tensor<1x4x5x6x1xf32>) -> tensor<1x4x5x6x1xf32>
    %c = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
        ins(%x, %w : tensor<1x9x11x6xf32>, tensor<3x3x6x1xf32>) outs(%f : tensor<1x4x5x6x1xf32>) -> tensor<1x4x5x6x1xf32>
    %flat = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x4x5x6x1xf32> into tensor<1x4x5x6xf32>
    %e = tensor.empty() : tensor<1x4x5x6xf32>
    %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%b, %flat : tensor<6xf32>, tensor<1x4x5x6xf32>) outs(%e : tensor<1x4x5x6xf32>) {
      ^bb0(%bias: f32, %in: f32, %out: f32):
        %s = arith.addf %bias, %in : f32
        linalg.yield %s : f32
    } -> tensor<1x4x5x6xf32>
    return %y : tensor<1x4x5x6xf32>
  }

  // Stride 3: left to the compiler.
  // CALL: @conv_s3(1x10x10x3xf32, 3x3x3x4xf32)
  func.func @conv_s3(%x: tensor<1x10x10x3xf32>, %w: tensor<3x3x3x4xf32>) -> tensor<1x3x3x4xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x3x3x4xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32>
    %y = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<3> : tensor<2xi64>}
        ins(%x, %w : tensor<1x10x10x3xf32>, tensor<3x3x3x4xf32>) outs(%f : tensor<1x3x3x4xf32>) -> tensor<1x3x3x4xf32>
    return %y : tensor<1x3x3x4xf32>
  }
}
