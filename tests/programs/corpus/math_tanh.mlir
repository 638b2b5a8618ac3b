// TARGETS: wasm32 host vmvx
// KNOWN-GPU-DIFFERENCE: tanh_f32: the compiler's Vulkan tanh approximation differs from the host build's in the last places (tanh(20) = 0.99999982 vs 1); WGSL leaves tanh's precision to the implementation
// KNOWN-WASM32-DIFFERENCE: tanh_f32: the wasm32 kernel's tanh approximation differs from the host build's (tanh(20) = 0.99999982 vs 1); not yet checked against a reference run of the wasm32 build
// math.tanh (the compiler expands it to a polynomial/rational approximation).
// ULP: 2
// RUN: tanh_f32 '8xf32=0 0.1 -0.1 1 -1 3 -3 20'
func.func @tanh_f32(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = math.tanh %x : tensor<8xf32>
  return %0 : tensor<8xf32>
}
