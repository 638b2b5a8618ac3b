// TARGETS: wasm32 host vmvx
// Dynamic 1-D shapes: the same function on vectors of 3, 1 and 17 elements.
// RUN: scale_shift '3xf32=1 2 3' 2.0
// RUN: scale_shift '1xf32=-4' 0.5
// RUN: scale_shift '17xf32=1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17' -1.0
func.func @scale_shift(%x: tensor<?xf32>, %s: f32) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %e = tensor.empty(%n) : tensor<?xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf32>) outs(%e : tensor<?xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.mulf %v, %s : f32
    %one = arith.constant 1.0 : f32
    %a = arith.addf %m, %one : f32
    linalg.yield %a : f32
  } -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
