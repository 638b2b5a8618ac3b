// TARGETS: vmvx
// FLAGS: --iree-input-demote-f64-to-f32=false --iree-input-demote-i64-to-i32=false
// VULKAN-UNSUPPORTED: iree-compile 3.13.0 fails for vulkan with "failed to legalize operation
// 'arith.constant'" on f64 constants: the Vulkan target has no Float64, nor has WebGPU.
// Results computed on the device rather than typed in: quotients, square roots and
// exponentials have long decimal expansions; several results per call, VM scalars, and
// tensors long enough to be elided on print. (vmvx cannot narrow f32 to f16/bf16; bits.mlir
// covers those types by reinterpreting integers.)
func.func @unary(%x: tensor<16xf32>) -> (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) {
  %seven = arith.constant dense<7.0> : tensor<16xf32>
  %q = arith.divf %x, %seven : tensor<16xf32>
  %s = math.sqrt %x : tensor<16xf32>
  %e = math.exp %x : tensor<16xf32>
  return %q, %s, %e : tensor<16xf32>, tensor<16xf32>, tensor<16xf32>
}
func.func @f64_thirds(%x: tensor<8xf64>) -> tensor<8xf64> {
  %three = arith.constant dense<3.0> : tensor<8xf64>
  %q = arith.divf %x, %three : tensor<8xf64>
  return %q : tensor<8xf64>
}
func.func @scalars(%x: f32, %y: f64, %i: i32, %j: i64) -> (f32, f64, i32, i64) {
  %c3 = arith.constant 3.0 : f32
  %c7 = arith.constant 7.0 : f64
  %k = arith.constant -3 : i32
  %l = arith.constant 1000000007 : i64
  %a = arith.divf %x, %c3 : f32
  %b = arith.divf %y, %c7 : f64
  %c = arith.muli %i, %k : i32
  %d = arith.muli %j, %l : i64
  return %a, %b, %c, %d : f32, f64, i32, i64
}
func.func @long_1d(%x: tensor<3000xf32>) -> tensor<3000xf32> {
  %s = math.sqrt %x : tensor<3000xf32>
  return %s : tensor<3000xf32>
}
func.func @long_3d(%x: tensor<4x30x50xi32>) -> tensor<4x30x50xi32> {
  %two = arith.constant dense<-2> : tensor<4x30x50xi32>
  %m = arith.muli %x, %two : tensor<4x30x50xi32>
  return %m : tensor<4x30x50xi32>
}
