// TARGETS: wasm32 host vmvx
// stablehlo.convolution (NHWC input, HWIO kernel) with padding 1 on every side.
// RUN: conv '1x3x3x1xf32=1 2 3 4 5 6 7 8 9' '2x2x1x1xf32=1 1 1 1'
func.func @conv(%x: tensor<1x3x3x1xf32>, %k: tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32> {
  %0 = stablehlo.convolution(%x, %k) dim_numbers = [b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f],
      window = {stride = [1, 1], pad = [[1, 1], [1, 1]], rhs_dilate = [1, 1]}
      {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
      : (tensor<1x3x3x1xf32>, tensor<2x2x1x1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}
