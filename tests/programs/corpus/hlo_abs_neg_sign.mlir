// TARGETS: wasm32 host vmvx
// stablehlo.abs and negate on f32, abs and sign on i32 (f32 sign is in sign_trunc_novmvx: vmvx cannot lower it).
// RUN: abs_neg_sign '5xf32=-2.5 0 3 -0.0 7' '5xi32=-3 0 4 -2147483647 9'
func.func @abs_neg_sign(%x: tensor<5xf32>, %i: tensor<5xi32>) -> (tensor<5xf32>, tensor<5xf32>, tensor<5xi32>, tensor<5xi32>) {
  %0 = stablehlo.abs %x : tensor<5xf32>
  %1 = stablehlo.negate %x : tensor<5xf32>
  %3 = stablehlo.abs %i : tensor<5xi32>
  %4 = stablehlo.sign %i : tensor<5xi32>
  return %0, %1, %3, %4 : tensor<5xf32>, tensor<5xf32>, tensor<5xi32>, tensor<5xi32>
}
