// TARGETS: wasm32 vmvx
// Demo sample (web/index.html): one fully connected layer, relu(x · w + b), for a batch of
// two 4-feature rows into 3 units. Inputs are small halves so every result is exact.
// RUN: dense '2x4xf32=1 2 3 4 -1 0.5 -2 1' '4x3xf32=0.5 -1 0 1 0.5 -0.5 -0.5 0 1 0 1 0.5' '3xf32=0.5 -1 0'
// RUN: dense '2x4xf32=0 0 0 0 1 1 1 1' '4x3xf32=1 1 1 1 1 1 1 1 1 1 1 1' '3xf32=-1 -4 -5'
module @fully_connected {
  func.func @dense(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
    %zero = arith.constant 0.0 : f32
    %init = tensor.empty() : tensor<2x3xf32>
    %acc = linalg.fill ins(%zero : f32) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
    %xw = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x3xf32>) outs(%acc : tensor<2x3xf32>) -> tensor<2x3xf32>
    %y = linalg.generic {
        indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
        iterator_types = ["parallel", "parallel"]}
        ins(%xw, %b : tensor<2x3xf32>, tensor<3xf32>) outs(%init : tensor<2x3xf32>) {
      ^bb0(%v: f32, %bias: f32, %out: f32):
        %sum = arith.addf %v, %bias : f32
        %relu = arith.maximumf %sum, %zero : f32
        linalg.yield %relu : f32
    } -> tensor<2x3xf32>
    return %y : tensor<2x3xf32>
  }
}
