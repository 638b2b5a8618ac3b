// TARGETS: wasm32 host vmvx
// KNOWN-WEFT-DIFFERENCE: exp_f32: IEEE subnormals kept by design (README, Known differences): the reference runs dispatches with flush-to-zero, so exp(-100) prints 0 from every build; Weft's native VMVX interpreter returns the subnormal 3.78351E-44 (the wasm32 kernel's exp approximation underflows to 0 by itself, so the wasm32 build matches)
// math.exp over a vector (libm expf in the wasm32 build's kernels, imported).
// ULP: 2
// RUN: exp_f32 '8xf32=0 1 -1 0.5 10 -10 88 -100'
func.func @exp_f32(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = math.exp %x : tensor<8xf32>
  return %0 : tensor<8xf32>
}
