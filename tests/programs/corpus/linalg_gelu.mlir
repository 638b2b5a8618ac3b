// TARGETS: wasm32 host vmvx
// VMVX-BUILD-DIFFERS: gelu result 0: the vmvx and llvm-cpu builds use different erf approximations (last-place differences)
// GELU (erf form) in a linalg.generic: x * 0.5 * (1 + erf(x / sqrt 2)).
// ULP: 4
// RUN: gelu '8xf32=-3 -1 -0.5 0 0.5 1 2 3'
func.func @gelu(%x: tensor<8xf32>) -> tensor<8xf32> {
  %init = tensor.empty() : tensor<8xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf32>) outs(%init : tensor<8xf32>) {
  ^bb0(%v: f32, %o: f32):
    %half = arith.constant 0.5 : f32
    %one = arith.constant 1.0 : f32
    %rs2 = arith.constant 0.70710678 : f32
    %s = arith.mulf %v, %rs2 : f32
    %e = math.erf %s : f32
    %p = arith.addf %e, %one : f32
    %h = arith.mulf %v, %half : f32
    %r = arith.mulf %h, %p : f32
    linalg.yield %r : f32
  } -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
