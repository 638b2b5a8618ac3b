// TARGETS: wasm32 host vmvx
// KNOWN-GPU-DIFFERENCE: trig: WebGPU's sin and cos are less precise than the host build's libm (sin(3.14159) 2.5630e-06 vs 2.5843e-06, cos(10) off by 2 ulp); WGSL allows absolute error 2^-11
// KNOWN-WASM32-DIFFERENCE: trig: the wasm32 kernel's sin/cos differ from the host build's in the last places (sin(3.14159) 2.5630e-06 vs 2.5843e-06); not yet checked against a reference run of the wasm32 build
// VMVX-BUILD-DIFFERS: trig result 0: the vmvx and llvm-cpu builds use different sin approximations (sin(3.14159) 2.5352e-06 vs 2.5843e-06)
// VMVX-BUILD-DIFFERS: trig result 1: different cos approximations (last-place differences)
// VMVX-BUILD-DIFFERS: trig result 2: different atan2 approximations (last-place differences)
// math.sin, math.cos and math.atan2.
// ULP: 2
// RUN: trig '6xf32=0 0.5 1 -1 3.14159 10' '6xf32=1 1 -1 -1 0.5 2'
func.func @trig(%x: tensor<6xf32>, %y: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xf32>, tensor<6xf32>) {
  %0 = math.sin %x : tensor<6xf32>
  %1 = math.cos %x : tensor<6xf32>
  %2 = math.atan2 %x, %y : tensor<6xf32>
  return %0, %1, %2 : tensor<6xf32>, tensor<6xf32>, tensor<6xf32>
}
