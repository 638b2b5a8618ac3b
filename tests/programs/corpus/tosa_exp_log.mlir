// TARGETS: wasm32 host vmvx
// tosa.exp, tosa.log, tosa.reciprocal and tosa.rsqrt.
// ULP: 2
// RUN: exp_log '5xf32=1 2 0.5 10 0.01'
func.func @exp_log(%x: tensor<5xf32>) -> (tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) {
  %0 = tosa.exp %x : (tensor<5xf32>) -> tensor<5xf32>
  %1 = tosa.log %x : (tensor<5xf32>) -> tensor<5xf32>
  %2 = tosa.reciprocal %x : (tensor<5xf32>) -> tensor<5xf32>
  %3 = tosa.rsqrt %x : (tensor<5xf32>) -> tensor<5xf32>
  return %0, %1, %2, %3 : tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>
}
