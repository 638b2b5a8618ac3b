// TARGETS: wasm32 host vmvx
// stablehlo.clamp with tensor bounds, and maximum/minimum.
// RUN: clamp '6xf32=-5 -1 0 0.5 1 9' '6xf32=-1 -1 -1 0 0 0' '6xf32=1 1 1 0.25 2 3'
func.func @clamp(%x: tensor<6xf32>, %lo: tensor<6xf32>, %hi: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) {
  %0 = stablehlo.clamp %lo, %x, %hi : tensor<6xf32>
  %1 = stablehlo.maximum %x, %lo : tensor<6xf32>
  %2 = stablehlo.minimum %x, %hi : tensor<6xf32>
  return %0, %1, %2 : tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
}
