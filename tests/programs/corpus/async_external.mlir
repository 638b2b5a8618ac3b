// TARGETS: wasm32 host vmvx
// FLAGS: --iree-execution-model=async-external
// The coarse-fences ABI: every export also takes a wait and a signal fence after its own
// arguments. iree-run-module supplies them; Weft's session does the same, so callers of the
// typed API pass only the tensors and scalars below.
// RUN: fc '2x4xf32=1 2 3 4 -1 0.5 -2 1' '4x3xf32=1 0 -1 0.5 2 1 -1 -1 -1 3 0 0.25'
// RUN: scaled_sum '5xf32=1 2.5 -3 4 0.25' -2
// RUN: fc '2x4xf32=0 0 0 0 1 1 1 1' '4x3xf32=1 2 3 4 5 6 7 8 9 10 11 12' | scaled_sum '3xf32=1 2 3' 0.5
func.func @fc(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>) -> tensor<2x3xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<2x3xf32>
  %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  %mm = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%acc : tensor<2x3xf32>) -> tensor<2x3xf32>
  %relu = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                          iterator_types = ["parallel", "parallel"]}
      ins(%mm : tensor<2x3xf32>) outs(%init : tensor<2x3xf32>) {
  ^bb0(%v: f32, %o: f32):
    %r = arith.maximumf %v, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x3xf32>
  return %relu : tensor<2x3xf32>
}

// A dynamic tensor and a scalar in, two tensors out. (A scalar result does not compile with
// this execution model in 3.13.0: the ABI wrapper returns only the tensor.)
func.func @scaled_sum(%x: tensor<?xf32>, %s: f32) -> (tensor<?xf32>, tensor<f32>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %init = tensor.empty(%n) : tensor<?xf32>
  %scaled = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf32>) outs(%init : tensor<?xf32>) {
  ^bb0(%v: f32, %o: f32):
    %m = arith.mulf %v, %s : f32
    linalg.yield %m : f32
  } -> tensor<?xf32>
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<f32>
  %acc = linalg.fill ins(%zero : f32) outs(%empty : tensor<f32>) -> tensor<f32>
  %sum = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> ()>], iterator_types = ["reduction"]}
      ins(%scaled : tensor<?xf32>) outs(%acc : tensor<f32>) {
  ^bb0(%v: f32, %a: f32):
    %t = arith.addf %v, %a : f32
    linalg.yield %t : f32
  } -> tensor<f32>
  return %scaled, %sum : tensor<?xf32>, tensor<f32>
}
