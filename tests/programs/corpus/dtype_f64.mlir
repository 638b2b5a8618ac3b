// TARGETS: wasm32 host vmvx
// FLAGS: --iree-input-demote-f64-to-f32=false
// VULKAN-UNSUPPORTED: iree-compile 3.13.0 fails for vulkan with "failed to convert SPIR-V type:
// memref<?xf64, ...>": the Vulkan target has no Float64, and WebGPU has no f64 either.
// f64 tensors kept as f64: values an f32 cannot hold, a dot product and sqrt.
// RUN: f64_ops '4xf64=1e300 0.1 1.0000000000000002 -3' '4xf64=1e-300 0.2 1 2'
func.func @f64_ops(%a: tensor<4xf64>, %b: tensor<4xf64>) -> (tensor<4xf64>, tensor<4xf64>, tensor<f64>) {
  %0 = stablehlo.add %a, %b : tensor<4xf64>
  %1 = stablehlo.multiply %a, %b : tensor<4xf64>
  %d = stablehlo.dot_general %a, %b, contracting_dims = [0] x [0] : (tensor<4xf64>, tensor<4xf64>) -> tensor<f64>
  %2 = stablehlo.sqrt %d : tensor<f64>
  return %0, %1, %2 : tensor<4xf64>, tensor<4xf64>, tensor<f64>
}
