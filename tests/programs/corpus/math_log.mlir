// TARGETS: wasm32 host vmvx
// math.log, math.log1p and math.log2 (log of 0 and of a negative number included).
// ULP: 2
// RUN: logs '6xf32=1 2.718281828 0.5 100 0 -1'
func.func @logs(%x: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) {
  %0 = math.log %x : tensor<6xf32>
  %1 = math.log1p %x : tensor<6xf32>
  %2 = math.log2 %x : tensor<6xf32>
  return %0, %1, %2 : tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
}
