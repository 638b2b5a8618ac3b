// TARGETS: vmvx wasm32
// A two-layer perceptron (4 -> 8 relu -> 3) whose weights and biases are parameters of scope
// `model`: the initializer reads them with one io_parameters.load. The same parameters from
// each format IREE reads: an IREE parameter archive, safetensors and GGUF.
// PARAMETERS: model=irpa:mlp
// RUN: mlp '2x4xf32=1 -2 3 0.5 0 0.25 -1 2'
// RUN: --parameters=model=safetensors:mlp mlp '2x4xf32=1 -2 3 0.5 0 0.25 -1 2'
// RUN: --parameters=model=gguf:mlp mlp '2x4xf32=1 -2 3 0.5 0 0.25 -1 2'
// RUN: mlp '2x4xf32=0.5 0.5 0.5 0.5 -3 1 4 -1' | mlp '2x4xf32=1 -2 3 0.5 0 0.25 -1 2'
util.global private @w1 = #flow.parameter.named<"model"::"fc1.weight"> : tensor<4x8xf32>
util.global private @b1 = #flow.parameter.named<"model"::"fc1.bias"> : tensor<8xf32>
util.global private @w2 = #flow.parameter.named<"model"::"fc2.weight"> : tensor<8x3xf32>
util.global private @b2 = #flow.parameter.named<"model"::"fc2.bias"> : tensor<3xf32>

func.func @mlp(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w1 = util.global.load @w1 : tensor<4x8xf32>
  %b1 = util.global.load @b1 : tensor<8xf32>
  %w2 = util.global.load @w2 : tensor<8x3xf32>
  %b2 = util.global.load @b2 : tensor<3xf32>
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<2x8xf32>
  %f1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x8xf32>) -> tensor<2x8xf32>
  %m1 = linalg.matmul ins(%x, %w1 : tensor<2x4xf32>, tensor<4x8xf32>) outs(%f1 : tensor<2x8xf32>) -> tensor<2x8xf32>
  %h = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%m1, %b1 : tensor<2x8xf32>, tensor<8xf32>) outs(%e1 : tensor<2x8xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<2x8xf32>
  %e2 = tensor.empty() : tensor<2x3xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<2x3xf32>) -> tensor<2x3xf32>
  %m2 = linalg.matmul ins(%h, %w2 : tensor<2x8xf32>, tensor<8x3xf32>) outs(%f2 : tensor<2x3xf32>) -> tensor<2x3xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%m2, %b2 : tensor<2x3xf32>, tensor<3xf32>) outs(%e2 : tensor<2x3xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
