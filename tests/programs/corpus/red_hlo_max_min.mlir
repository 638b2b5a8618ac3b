// TARGETS: wasm32 host vmvx
// stablehlo.reduce max over columns and min over everything.
// RUN: max_min '2x4xf32=3 -1 8 2 -7 5 0 9'
func.func @max_min(%x: tensor<2x4xf32>) -> (tensor<4xf32>, tensor<f32>) {
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %pinf = stablehlo.constant dense<0x7F800000> : tensor<f32>
  %0 = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [0] : (tensor<2x4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = stablehlo.reduce(%x init: %pinf) applies stablehlo.minimum across dimensions = [0, 1] : (tensor<2x4xf32>, tensor<f32>) -> tensor<f32>
  return %0, %1 : tensor<4xf32>, tensor<f32>
}
