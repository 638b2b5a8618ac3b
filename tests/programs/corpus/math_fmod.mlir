// TARGETS: wasm32 host vmvx
// VMVX-BUILD-DIFFERS: fmod_f32 result 0: the vmvx build computes the IEEE remainder (7 rem 2 = -1), the llvm-cpu builds C fmod (1)
// stablehlo.remainder on f32 (fmod semantics: sign of the dividend; fmodf in wasm32 kernels).
// RUN: fmod_f32 '6xf32=7 -7 7.5 -7.5 1 0.25' '6xf32=2 2 -2 2 3 0.1'
func.func @fmod_f32(%x: tensor<6xf32>, %y: tensor<6xf32>) -> tensor<6xf32> {
  %0 = stablehlo.remainder %x, %y : tensor<6xf32>
  return %0 : tensor<6xf32>
}
