// TARGETS: vmvx wasm32
// Tensor signatures: static, dynamic and rank-0 shapes, several results, mixed with scalars.
func.func @scale(%x: tensor<?x4xf32>, %s: f32) -> tensor<?x4xf32> {
  %c0 = arith.constant 0 : index
  %d0 = tensor.dim %x, %c0 : tensor<?x4xf32>
  %init = tensor.empty(%d0) : tensor<?x4xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<?x4xf32>) outs(%init : tensor<?x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %s : f32
    linalg.yield %m : f32
  } -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
func.func @neg0(%x: tensor<f32>) -> tensor<f32> {
  %0 = arith.negf %x : tensor<f32>
  return %0 : tensor<f32>
}
func.func @split(%x: tensor<2x3xi32>, %y: tensor<2x3xi32>) -> (tensor<2x3xi32>, tensor<2x3xi32>, i32) {
  %0 = arith.addi %x, %y : tensor<2x3xi32>
  %1 = arith.subi %x, %y : tensor<2x3xi32>
  %c = arith.constant 7 : i32
  return %0, %1, %c : tensor<2x3xi32>, tensor<2x3xi32>, i32
}
