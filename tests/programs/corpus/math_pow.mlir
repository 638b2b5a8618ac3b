// TARGETS: wasm32 host vmvx
// KNOWN-GPU-DIFFERENCE: pow_f32: WGSL's pow is undefined for a negative base; SwiftShader returns 0 for (-2)^2 where the host build's powf gives NaN (the vmvx build 4)
// VMVX-BUILD-DIFFERS: pow_f32 result 0: the host build's powf gives NaN for a negative base with an integral exponent ((-2)^2), the vmvx build 4
// math.powf with a tensor exponent (libm powf, imported by the wasm32 build's kernels).
// ULP: 2
// RUN: pow_f32 '6xf32=2 3 0.5 10 -2 4' '6xf32=3 0.5 2 -1 2 0'
func.func @pow_f32(%x: tensor<6xf32>, %y: tensor<6xf32>) -> tensor<6xf32> {
  %0 = math.powf %x, %y : tensor<6xf32>
  return %0 : tensor<6xf32>
}
