// TARGETS: wasm32 host vmvx
// math.sqrt and math.rsqrt (negative input gives NaN).
// ULP: 2
// RUN: roots '5xf32=4 2 0.25 100 -1'
func.func @roots(%x: tensor<5xf32>) -> (tensor<5xf32>, tensor<5xf32>) {
  %0 = math.sqrt %x : tensor<5xf32>
  %1 = math.rsqrt %x : tensor<5xf32>
  return %0, %1 : tensor<5xf32>, tensor<5xf32>
}
