// TARGETS: vmvx vmvx-ukernels
// A dynamically sized elementwise op, called with several lengths (including empty).
// RUN: scale '5xf32=1 2 3 4 5'
// RUN: scale '1xf32=-3'
// RUN: scale '0xf32'
// RUN: scale '37xf32=1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37'
func.func @scale(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c = arith.constant 0.5 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %init = tensor.empty(%n) : tensor<?xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf32>) outs(%init : tensor<?xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.mulf %in, %c : f32
      %a = arith.addf %m, %c : f32
      linalg.yield %a : f32
  } -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
