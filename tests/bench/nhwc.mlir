// NHWC convolutions + bias as StableHLO (TF, JAX) writes them, at ResNet-18 and MobileNetV2
// layer sizes, weights as inputs: tests/bench/nhwc.mjs times each with and without Weft's kernels.
module @nhwc_bench {
  func.func @resnet_conv3x3(%x: tensor<1x56x56x64xf32>, %w: tensor<3x3x64x64xf32>, %b: tensor<64xf32>) -> tensor<1x56x56x64xf32> {
    %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
        window = {stride = [1, 1], pad = [[1, 1], [1, 1]], rhs_dilate = [1, 1]}
        {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x56x56x64xf32>, tensor<3x3x64x64xf32>) -> tensor<1x56x56x64xf32>
    %bb = stablehlo.broadcast_in_dim %b, dims = [3] : (tensor<64xf32>) -> tensor<1x56x56x64xf32>
    %y = stablehlo.add %c, %bb : tensor<1x56x56x64xf32>
    return %y : tensor<1x56x56x64xf32>
  }
  func.func @resnet_conv3x3_s2(%x: tensor<1x56x56x64xf32>, %w: tensor<3x3x64x128xf32>, %b: tensor<128xf32>) -> tensor<1x28x28x128xf32> {
    %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
        window = {stride = [2, 2], pad = [[0, 1], [0, 1]], rhs_dilate = [1, 1]}
        {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x56x56x64xf32>, tensor<3x3x64x128xf32>) -> tensor<1x28x28x128xf32>
    %bb = stablehlo.broadcast_in_dim %b, dims = [3] : (tensor<128xf32>) -> tensor<1x28x28x128xf32>
    %y = stablehlo.add %c, %bb : tensor<1x28x28x128xf32>
    return %y : tensor<1x28x28x128xf32>
  }
  func.func @mobilenet_pointwise(%x: tensor<1x56x56x24xf32>, %w: tensor<1x1x24x144xf32>, %b: tensor<144xf32>) -> tensor<1x56x56x144xf32> {
    %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
        window = {stride = [1, 1], pad = [[0, 0], [0, 0]], rhs_dilate = [1, 1]}
        {batch_group_count = 1 : i64, feature_group_count = 1 : i64} : (tensor<1x56x56x24xf32>, tensor<1x1x24x144xf32>) -> tensor<1x56x56x144xf32>
    %bb = stablehlo.broadcast_in_dim %b, dims = [3] : (tensor<144xf32>) -> tensor<1x56x56x144xf32>
    %y = stablehlo.add %c, %bb : tensor<1x56x56x144xf32>
    return %y : tensor<1x56x56x144xf32>
  }
  func.func @mobilenet_dw3x3(%x: tensor<1x56x56x144xf32>, %w: tensor<3x3x1x144xf32>, %b: tensor<144xf32>) -> tensor<1x56x56x144xf32> {
    %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
        window = {stride = [1, 1], pad = [[1, 1], [1, 1]], rhs_dilate = [1, 1]}
        {batch_group_count = 1 : i64, feature_group_count = 144 : i64} : (tensor<1x56x56x144xf32>, tensor<3x3x1x144xf32>) -> tensor<1x56x56x144xf32>
    %bb = stablehlo.broadcast_in_dim %b, dims = [3] : (tensor<144xf32>) -> tensor<1x56x56x144xf32>
    %y = stablehlo.add %c, %bb : tensor<1x56x56x144xf32>
    return %y : tensor<1x56x56x144xf32>
  }
  func.func @mobilenet_dw3x3_s2(%x: tensor<1x112x112x96xf32>, %w: tensor<3x3x1x96xf32>, %b: tensor<96xf32>) -> tensor<1x56x56x96xf32> {
    %c = stablehlo.convolution(%x, %w) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
        window = {stride = [2, 2], pad = [[0, 1], [0, 1]], rhs_dilate = [1, 1]}
        {batch_group_count = 1 : i64, feature_group_count = 96 : i64} : (tensor<1x112x112x96xf32>, tensor<3x3x1x96xf32>) -> tensor<1x56x56x96xf32>
    %bb = stablehlo.broadcast_in_dim %b, dims = [3] : (tensor<96xf32>) -> tensor<1x56x56x96xf32>
    %y = stablehlo.add %c, %bb : tensor<1x56x56x96xf32>
    return %y : tensor<1x56x56x96xf32>
  }
}
