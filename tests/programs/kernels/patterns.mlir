// TARGETS: host
// Matrix products and convolutions in the forms iree-import-onnx lowers ONNX Gemm(transB=1) +
// Relu, MatMul + Add, attention's batched MatMul, pointwise (1×1), depthwise 3×3 and dense Conv
// to, the same convolutions in NHWC as StableHLO writes them, and an i8 MatMul: the patterns
// Weft's transform spec (glue/target/spec.mlir) routes to Weft's kernels (a 2-D f32 matmul
// without bias among them), plus one it does not route (an NHWC convolution with stride 3).
// glue/tests/kernel-routing.test.mjs compiles this with `weft compile` (Weft's kernels) at test
// time and compares every function with this host build, made by the compiler alone (no spec),
// run by iree-run-module.
module @patterns {
  // Gemm + bias + relu, M > 1, N and K not multiples of the vector width.
  func.func @gemm_bias_relu(%x: tensor<3x37xf32>, %w: tensor<13x37xf32>, %b: tensor<13xf32>) -> tensor<3x13xf32> {
    %zero = arith.constant 0.0 : f32
    %et = tensor.empty() : tensor<37x13xf32>
    %wt = linalg.transpose ins(%w : tensor<13x37xf32>) outs(%et : tensor<37x13xf32>) permutation = [1, 0]
    %e = tensor.empty() : tensor<3x13xf32>
    %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<3x13xf32>) -> tensor<3x13xf32>
    %mm = linalg.matmul ins(%x, %wt : tensor<3x37xf32>, tensor<37x13xf32>) outs(%fill : tensor<3x13xf32>) -> tensor<3x13xf32>
    %biased = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
        ins(%mm, %b : tensor<3x13xf32>, tensor<13xf32>) outs(%e : tensor<3x13xf32>) {
      ^bb0(%in: f32, %bias: f32, %out: f32):
        %s = arith.addf %in, %bias : f32
        linalg.yield %s : f32
    } -> tensor<3x13xf32>
    %relu = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
        ins(%biased : tensor<3x13xf32>) outs(%e : tensor<3x13xf32>) {
      ^bb0(%in: f32, %out: f32):
        %gt = arith.cmpf ugt, %in, %zero : f32
        %r = arith.select %gt, %in, %zero : f32
        linalg.yield %r : f32
    } -> tensor<3x13xf32>
    return %relu : tensor<3x13xf32>
  }

  // Gemv (M = 1) + bias, several workgroups (N = 100).
  func.func @gemv_bias(%x: tensor<1x64xf32>, %w: tensor<100x64xf32>, %b: tensor<100xf32>) -> tensor<1x100xf32> {
    %zero = arith.constant 0.0 : f32
    %et = tensor.empty() : tensor<64x100xf32>
    %wt = linalg.transpose ins(%w : tensor<100x64xf32>) outs(%et : tensor<64x100xf32>) permutation = [1, 0]
    %e = tensor.empty() : tensor<1x100xf32>
    %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<1x100xf32>) -> tensor<1x100xf32>
    %mm = linalg.matmul ins(%x, %wt : tensor<1x64xf32>, tensor<64x100xf32>) outs(%fill : tensor<1x100xf32>) -> tensor<1x100xf32>
    %biased = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
        ins(%mm, %b : tensor<1x100xf32>, tensor<100xf32>) outs(%e : tensor<1x100xf32>) {
      ^bb0(%in: f32, %bias: f32, %out: f32):
        %s = arith.addf %in, %bias : f32
        linalg.yield %s : f32
    } -> tensor<1x100xf32>
    return %biased : tensor<1x100xf32>
  }

  // Constant weights and bias: IREE packs constants into one buffer, so the kernel gets them at
  // offsets inside one binding.
  func.func @const_weights(%x: tensor<2x3xf32>) -> tensor<2x5xf32> {
    %zero = arith.constant 0.0 : f32
    %w = arith.constant dense<[[0.5, -1.0, 0.25], [1.5, 0.75, -0.5], [-2.0, 0.125, 1.0], [0.0, 3.0, -1.25], [1.0, 1.0, 1.0]]> : tensor<5x3xf32>
    %b = arith.constant dense<[0.5, -0.25, 1.0, -3.0, 0.0]> : tensor<5xf32>
    %et = tensor.empty() : tensor<3x5xf32>
    %wt = linalg.transpose ins(%w : tensor<5x3xf32>) outs(%et : tensor<3x5xf32>) permutation = [1, 0]
    %e = tensor.empty() : tensor<2x5xf32>
    %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<2x5xf32>) -> tensor<2x5xf32>
    %mm = linalg.matmul ins(%x, %wt : tensor<2x3xf32>, tensor<3x5xf32>) outs(%fill : tensor<2x5xf32>) -> tensor<2x5xf32>
    %biased = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
        ins(%mm, %b : tensor<2x5xf32>, tensor<5xf32>) outs(%e : tensor<2x5xf32>) {
      ^bb0(%in: f32, %bias: f32, %out: f32):
        %s = arith.addf %in, %bias : f32
        linalg.yield %s : f32
    } -> tensor<2x5xf32>
    %relu = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
        ins(%biased : tensor<2x5xf32>) outs(%e : tensor<2x5xf32>) {
      ^bb0(%in: f32, %out: f32):
        %gt = arith.cmpf ugt, %in, %zero : f32
        %r = arith.select %gt, %in, %zero : f32
        linalg.yield %r : f32
    } -> tensor<2x5xf32>
    return %relu : tensor<2x5xf32>
  }

  // MatMul + Add on a [B,M,K] activation with [K,N] weights broadcast over the batch (BERT's
  // projections): N and K not multiples of the vector width.
  func.func @projection(%x: tensor<1x9x6xf32>, %w: tensor<6x11xf32>, %b: tensor<11xf32>) -> tensor<1x9x11xf32> {
    %zero = arith.constant 0.0 : f32
    %ew = tensor.empty() : tensor<1x6x11xf32>
    %wb = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%w : tensor<6x11xf32>) outs(%ew : tensor<1x6x11xf32>) {
      ^bb0(%in: f32, %out: f32):
        linalg.yield %in : f32
    } -> tensor<1x6x11xf32>
    %e = tensor.empty() : tensor<1x9x11xf32>
    %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<1x9x11xf32>) -> tensor<1x9x11xf32>
    %mm = linalg.batch_matmul ins(%x, %wb : tensor<1x9x6xf32>, tensor<1x6x11xf32>) outs(%fill : tensor<1x9x11xf32>) -> tensor<1x9x11xf32>
    %biased = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%b, %mm : tensor<11xf32>, tensor<1x9x11xf32>) outs(%e : tensor<1x9x11xf32>) {
      ^bb0(%bias: f32, %in: f32, %out: f32):
        %s = arith.addf %bias, %in : f32
        linalg.yield %s : f32
    } -> tensor<1x9x11xf32>
    return %biased : tensor<1x9x11xf32>
  }

  // Attention's batched products (scores = Q·Kᵀ with Kᵀ materialized, as the importer leaves it).
  func.func @attention_scores(%q: tensor<3x5x7xf32>, %kt: tensor<3x7x12xf32>) -> tensor<3x5x12xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<3x5x12xf32>
    %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<3x5x12xf32>) -> tensor<3x5x12xf32>
    %mm = linalg.batch_matmul ins(%q, %kt : tensor<3x5x7xf32>, tensor<3x7x12xf32>) outs(%fill : tensor<3x5x12xf32>) -> tensor<3x5x12xf32>
    return %mm : tensor<3x5x12xf32>
  }

  // Pointwise convolution with bias (NCHW, stride 1), H·W not a multiple of the vector width.
  func.func @pointwise_conv(%x: tensor<1x6x5x3xf32>, %w: tensor<4x6x1x1xf32>, %b: tensor<4xf32>) -> tensor<1x4x5x3xf32> {
    %e = tensor.empty() : tensor<1x4x5x3xf32>
    %bc = linalg.broadcast ins(%b : tensor<4xf32>) outs(%e : tensor<1x4x5x3xf32>) dimensions = [0, 2, 3]
    %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%x, %w : tensor<1x6x5x3xf32>, tensor<4x6x1x1xf32>) outs(%bc : tensor<1x4x5x3xf32>) -> tensor<1x4x5x3xf32>
    return %y : tensor<1x4x5x3xf32>
  }

  // Depthwise 3×3 with bias, padded by its own op, stride 1 and stride 2 (odd sizes: the last
  // outputs of a row take the scalar path).
  func.func @depthwise_s1(%x: tensor<1x3x9x11xf32>, %w: tensor<3x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x3x9x11xf32> {
    %zero = arith.constant 0.0 : f32
    %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f32
    } : tensor<1x3x9x11xf32> to tensor<1x3x11x13xf32>
    %e = tensor.empty() : tensor<1x3x9x11xf32>
    %bc = linalg.broadcast ins(%b : tensor<3xf32>) outs(%e : tensor<1x3x9x11xf32>) dimensions = [0, 2, 3]
    %y = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%p, %w : tensor<1x3x11x13xf32>, tensor<3x3x3xf32>) outs(%bc : tensor<1x3x9x11xf32>) -> tensor<1x3x9x11xf32>
    return %y : tensor<1x3x9x11xf32>
  }
  func.func @depthwise_s2(%x: tensor<1x2x21x21xf32>, %w: tensor<2x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x2x11x11xf32> {
    %zero = arith.constant 0.0 : f32
    %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f32
    } : tensor<1x2x21x21xf32> to tensor<1x2x23x23xf32>
    %e = tensor.empty() : tensor<1x2x11x11xf32>
    %bc = linalg.broadcast ins(%b : tensor<2xf32>) outs(%e : tensor<1x2x11x11xf32>) dimensions = [0, 2, 3]
    %y = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
        ins(%p, %w : tensor<1x2x23x23xf32>, tensor<2x3x3xf32>) outs(%bc : tensor<1x2x11x11xf32>) -> tensor<1x2x11x11xf32>
    return %y : tensor<1x2x11x11xf32>
  }

  // Dense convolutions with bias, padded by their own op: 3×3 stride 1 (10 output channels: one
  // block of 8 and 2 left over) and 7×7 stride 2 (ResNet's stem, 3 input channels).
  func.func @conv3x3(%x: tensor<1x4x9x10xf32>, %w: tensor<10x4x3x3xf32>, %b: tensor<10xf32>) -> tensor<1x10x9x10xf32> {
    %zero = arith.constant 0.0 : f32
    %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f32
    } : tensor<1x4x9x10xf32> to tensor<1x4x11x12xf32>
    %e = tensor.empty() : tensor<1x10x9x10xf32>
    %bc = linalg.broadcast ins(%b : tensor<10xf32>) outs(%e : tensor<1x10x9x10xf32>) dimensions = [0, 2, 3]
    %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
        ins(%p, %w : tensor<1x4x11x12xf32>, tensor<10x4x3x3xf32>) outs(%bc : tensor<1x10x9x10xf32>) -> tensor<1x10x9x10xf32>
    return %y : tensor<1x10x9x10xf32>
  }
  func.func @conv7x7_s2(%x: tensor<1x3x20x20xf32>, %w: tensor<8x3x7x7xf32>, %b: tensor<8xf32>) -> tensor<1x8x10x10xf32> {
    %zero = arith.constant 0.0 : f32
    %p = tensor.pad %x low[0, 0, 3, 3] high[0, 0, 3, 3] {
    ^bb0(%i: index, %j: index, %k: index, %l: index):
      tensor.yield %zero : f32
    } : tensor<1x3x20x20xf32> to tensor<1x3x26x26xf32>
    %e = tensor.empty() : tensor<1x8x10x10xf32>
    %bc = linalg.broadcast ins(%b : tensor<8xf32>) outs(%e : tensor<1x8x10x10xf32>) dimensions = [0, 2, 3]
    %y = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
        ins(%p, %w : tensor<1x3x26x26xf32>, tensor<8x3x7x7xf32>) outs(%bc : tensor<1x8x10x10xf32>) -> tensor<1x8x10x10xf32>
    return %y : tensor<1x8x10x10xf32>
  }

  // NHWC convolutions as StableHLO (JAX, TF) writes them: HWIO weights, padding in the op (TF
  // "SAME" pads stride 2 on one side only), bias added after. Lowered to conv_2d_nhwc_hwcf /
  // depthwise_conv_2d_nhwc_hwc by the compiler's StableHLO input conversion.
  // 1×1 stride 1: X[H·W, C] · W[C, F], 70 output channels (two workgroups of 64 columns).
  func.func @nhwc_pointwise(%x: tensor<1x5x3x6xf32>, %w: tensor<1x1x6x70xf32>, %b: tensor<70xf32>) -> tensor<1x5x3x70xf32> {
    %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
        window = {stride = [1, 1], pad = [[0, 0], [0, 0]], rhs_dilate = [1, 1]}
        {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x5x3x6xf32>, tensor<1x1x6x70xf32>) -> tensor<1x5x3x70xf32>
    %bb = stablehlo.broadcast_in_dim %b, dims = [3] : (tensor<70xf32>) -> tensor<1x5x3x70xf32>
    %y = stablehlo.add %c, %bb : tensor<1x5x3x70xf32>
    return %y : tensor<1x5x3x70xf32>
  }
  // 3×3 stride 1, 10 output channels (one block of 8 and 2 left over).
  func.func @nhwc_conv3x3(%x: tensor<1x9x10x4xf32>, %w: tensor<3x3x4x10xf32>, %b: tensor<10xf32>) -> tensor<1x9x10x10xf32> {
    %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
        window = {stride = [1, 1], pad = [[1, 1], [1, 1]], rhs_dilate = [1, 1]}
        {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x9x10x4xf32>, tensor<3x3x4x10xf32>) -> tensor<1x9x10x10xf32>
    %bb = stablehlo.broadcast_in_dim %b, dims = [3] : (tensor<10xf32>) -> tensor<1x9x10x10xf32>
    %y = stablehlo.add %c, %bb : tensor<1x9x10x10xf32>
    return %y : tensor<1x9x10x10xf32>
  }
  // 3×3 stride 2, "SAME" on an even height (padded below only).
  func.func @nhwc_conv3x3_s2(%x: tensor<1x10x13x2xf32>, %w: tensor<3x3x2x12xf32>, %b: tensor<12xf32>) -> tensor<1x5x7x12xf32> {
    %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
        window = {stride = [2, 2], pad = [[0, 1], [1, 1]], rhs_dilate = [1, 1]}
        {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x10x13x2xf32>, tensor<3x3x2x12xf32>) -> tensor<1x5x7x12xf32>
    %bb = stablehlo.broadcast_in_dim %b, dims = [3] : (tensor<12xf32>) -> tensor<1x5x7x12xf32>
    %y = stablehlo.add %c, %bb : tensor<1x5x7x12xf32>
    return %y : tensor<1x5x7x12xf32>
  }
  // 1×1 stride 2 (ResNet's downsampling shortcut).
  func.func @nhwc_conv1x1_s2(%x: tensor<1x9x9x5xf32>, %w: tensor<1x1x5x8xf32>, %b: tensor<8xf32>) -> tensor<1x5x5x8xf32> {
    %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
        window = {stride = [2, 2], pad = [[0, 0], [0, 0]], rhs_dilate = [1, 1]}
        {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x9x9x5xf32>, tensor<1x1x5x8xf32>) -> tensor<1x5x5x8xf32>
    %bb = stablehlo.broadcast_in_dim %b, dims = [3] : (tensor<8xf32>) -> tensor<1x5x5x8xf32>
    %y = stablehlo.add %c, %bb : tensor<1x5x5x8xf32>
    return %y : tensor<1x5x5x8xf32>
  }
  // Depthwise 3×3 (HWIO weights [3,3,1,C], one group per channel), stride 1 and stride 2.
  func.func @nhwc_depthwise_s1(%x: tensor<1x9x11x3xf32>, %w: tensor<3x3x1x3xf32>, %b: tensor<3xf32>) -> tensor<1x9x11x3xf32> {
    %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
        window = {stride = [1, 1], pad = [[1, 1], [1, 1]], rhs_dilate = [1, 1]}
        {batch_group_count = 1 : i64, feature_group_count = 3 : i64} : (tensor<1x9x11x3xf32>, tensor<3x3x1x3xf32>) -> tensor<1x9x11x3xf32>
    %bb = stablehlo.broadcast_in_dim %b, dims = [3] : (tensor<3xf32>) -> tensor<1x9x11x3xf32>
    %y = stablehlo.add %c, %bb : tensor<1x9x11x3xf32>
    return %y : tensor<1x9x11x3xf32>
  }
  func.func @nhwc_depthwise_s2(%x: tensor<1x20x20x8xf32>, %w: tensor<3x3x1x8xf32>, %b: tensor<8xf32>) -> tensor<1x10x10x8xf32> {
    %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
        window = {stride = [2, 2], pad = [[0, 1], [0, 1]], rhs_dilate = [1, 1]}
        {batch_group_count = 1 : i64, feature_group_count = 8 : i64} : (tensor<1x20x20x8xf32>, tensor<3x3x1x8xf32>) -> tensor<1x10x10x8xf32>
    %bb = stablehlo.broadcast_in_dim %b, dims = [3] : (tensor<8xf32>) -> tensor<1x10x10x8xf32>
    %y = stablehlo.add %c, %bb : tensor<1x10x10x8xf32>
    return %y : tensor<1x10x10x8xf32>
  }
  // Stride 3: not a pattern Weft routes, the compiler's kernel stays.
  func.func @nhwc_conv3x3_s3(%x: tensor<1x10x10x3xf32>, %w: tensor<3x3x3x4xf32>, %b: tensor<4xf32>) -> tensor<1x3x3x4xf32> {
    %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
        window = {stride = [3, 3], pad = [[0, 0], [0, 0]], rhs_dilate = [1, 1]}
        {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x10x10x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x3x3x4xf32>
    %bb = stablehlo.broadcast_in_dim %b, dims = [3] : (tensor<4xf32>) -> tensor<1x3x3x4xf32>
    %y = stablehlo.add %c, %bb : tensor<1x3x3x4xf32>
    return %y : tensor<1x3x3x4xf32>
  }

  // Quantized product: i8 × i8 accumulated in i32.
  func.func @matmul_i8(%a: tensor<5x9xi8>, %b: tensor<9x12xi8>) -> tensor<5x12xi32> {
    %zero = arith.constant 0 : i32
    %e = tensor.empty() : tensor<5x12xi32>
    %fill = linalg.fill ins(%zero : i32) outs(%e : tensor<5x12xi32>) -> tensor<5x12xi32>
    %mm = linalg.matmul ins(%a, %b : tensor<5x9xi8>, tensor<9x12xi8>) outs(%fill : tensor<5x12xi32>) -> tensor<5x12xi32>
    return %mm : tensor<5x12xi32>
  }

  // No bias: not a pattern Weft routes, the compiler's kernel stays.
  func.func @matmul_no_bias(%x: tensor<4x8xf32>, %w: tensor<8x5xf32>) -> tensor<4x5xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<4x5xf32>
    %fill = linalg.fill ins(%zero : f32) outs(%e : tensor<4x5xf32>) -> tensor<4x5xf32>
    %mm = linalg.matmul ins(%x, %w : tensor<4x8xf32>, tensor<8x5xf32>) outs(%fill : tensor<4x5xf32>) -> tensor<4x5xf32>
    return %mm : tensor<4x5xf32>
  }
}
