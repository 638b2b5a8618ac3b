// TARGETS: wasm32 host vmvx
// A linalg.generic computing a*b+c elementwise over a 2-D tensor.
// RUN: fma '2x3xf32=1 2 3 4 5 6' '2x3xf32=0.5 0.5 2 2 -1 -1' '2x3xf32=10 20 30 40 50 60'
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @fma(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>, %c: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %init = tensor.empty() : tensor<2x3xf32>
  %0 = linalg.generic {indexing_maps = [#id, #id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b, %c : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) outs(%init : tensor<2x3xf32>) {
  ^bb0(%x: f32, %y: f32, %z: f32, %o: f32):
    %m = arith.mulf %x, %y : f32
    %s = arith.addf %m, %z : f32
    linalg.yield %s : f32
  } -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
