// TARGETS: wasm32 host vmvx
// log(sum(exp(x))) per row, stabilized by the row max, as linalg.generic ops.
// ULP: 4
// RUN: logsumexp '2x3xf32=1 2 3 1000 1000 1000'
func.func @logsumexp(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2xf32>
  %mi = linalg.fill ins(%ninf : f32) outs(%e : tensor<2xf32>) -> tensor<2xf32>
  %m = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<2x3xf32>) outs(%mi : tensor<2xf32>) {
  ^bb0(%v: f32, %a: f32):
    %r = arith.maximumf %v, %a : f32
    linalg.yield %r : f32
  } -> tensor<2xf32>
  %si = linalg.fill ins(%zero : f32) outs(%e : tensor<2xf32>) -> tensor<2xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%x, %m : tensor<2x3xf32>, tensor<2xf32>) outs(%si : tensor<2xf32>) {
  ^bb0(%v: f32, %mx: f32, %a: f32):
    %d = arith.subf %v, %mx : f32
    %ex = math.exp %d : f32
    %r = arith.addf %ex, %a : f32
    linalg.yield %r : f32
  } -> tensor<2xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%s, %m : tensor<2xf32>, tensor<2xf32>) outs(%e : tensor<2xf32>) {
  ^bb0(%sv: f32, %mx: f32, %o: f32):
    %l = math.log %sv : f32
    %r = arith.addf %l, %mx : f32
    linalg.yield %r : f32
  } -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
