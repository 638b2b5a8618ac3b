// TARGETS: wasm32 host vmvx
// KNOWN-WEFT-DIFFERENCE: exp_f32: the reference flushes subnormal results to zero in every build (exp(-100) prints 0, also for the vmvx build); Weft's VMVX dispatch keeps the subnormal 3.78351E-44
// math.exp over a vector (libm expf in the wasm32 build's kernels, imported).
// ULP: 2
// RUN: exp_f32 '8xf32=0 1 -1 0.5 10 -10 88 -100'
func.func @exp_f32(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = math.exp %x : tensor<8xf32>
  return %0 : tensor<8xf32>
}
