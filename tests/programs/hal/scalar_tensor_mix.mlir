// TARGETS: vmvx
// Scalars and tensors in one signature: a scalar scale and offset applied on the device,
// and a scalar result computed on the host.
// RUN: affine '4xf32=1 2 3 4' 2.5 -1
// RUN: affine '4xf32=0 -1 0.5 100' 0 7
func.func @affine(%x: tensor<4xf32>, %scale: f32, %offset: i32) -> (tensor<4xf32>, i32) {
  %o = arith.sitofp %offset : i32 to f32
  %init = tensor.empty() : tensor<4xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%init : tensor<4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %m = arith.mulf %in, %scale : f32
      %a = arith.addf %m, %o : f32
      linalg.yield %a : f32
  } -> tensor<4xf32>
  %two = arith.constant 2 : i32
  %d = arith.muli %offset, %two : i32
  return %0, %d : tensor<4xf32>, i32
}
