// TARGETS: wasm32 host vmvx
// A result whose size a scalar argument decides: the device allocates n f32s and fills them.
// (The bad-input tests ask it for more than the runtime's memory holds.)
// RUN: fill 3 2.5
// RUN: fill 0 1
// RUN: fill 17 -0.5
func.func @fill(%n: i32, %v: f32) -> tensor<?xf32> {
  %size = arith.index_cast %n : i32 to index
  %init = tensor.empty(%size) : tensor<?xf32>
  %filled = linalg.fill ins(%v : f32) outs(%init : tensor<?xf32>) -> tensor<?xf32>
  return %filled : tensor<?xf32>
}
