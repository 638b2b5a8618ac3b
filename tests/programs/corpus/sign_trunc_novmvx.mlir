// TARGETS: wasm32 host
// VMVX-UNSUPPORTED: iree-compile 3.13.0 fails for vmvx with "failed to legalize operation
// 'math.copysign'" (stablehlo.sign on f32) and "... 'math.trunc'"; the llvm-cpu builds (wasm32,
// host) express both. Weft runs this program through the glue's wasm32 loader only.
// RUN: sign_trunc '6xf32=-2.5 0 3 -0.0 7.75 -7.75'
func.func @sign_trunc(%x: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>) {
  %0 = stablehlo.sign %x : tensor<6xf32>
  %1 = math.trunc %x : tensor<6xf32>
  return %0, %1 : tensor<6xf32>, tensor<6xf32>
}
