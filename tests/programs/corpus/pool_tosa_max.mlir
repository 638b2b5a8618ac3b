// TARGETS: wasm32 host vmvx
// tosa.max_pool2d with a 2x2 kernel and stride 2 on NHWC 1x4x4x2.
// RUN: tosa_max_pool '1x4x4x2xf32=1 -1 2 -2 3 -3 4 -4 5 -5 6 -6 7 -7 8 -8 0 9 1 8 2 7 3 6 4 5 5 4 6 3 7 2'
func.func @tosa_max_pool(%x: tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = "tosa.max_pool2d"(%x) {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}
