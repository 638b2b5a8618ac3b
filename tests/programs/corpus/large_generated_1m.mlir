// TARGETS: wasm32 host vmvx
// One large tensor produced on the device: 1024x1024 (1,048,576) elements from linalg.index and a
// scalar argument, squared, then reduced to per-row maxima and a total (no large input needed).
// RUN: generated 0.001
// RUN: generated -0.5
func.func @generated(%s: f32) -> (tensor<1024xf32>, tensor<f32>) {
  %e = tensor.empty() : tensor<1024x1024xf32>
  %g = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
      outs(%e : tensor<1024x1024xf32>) {
  ^bb0(%o: f32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %ii = arith.index_cast %i : index to i32
    %jj = arith.index_cast %j : index to i32
    %k = arith.subi %ii, %jj : i32
    %f = arith.sitofp %k : i32 to f32
    %v = arith.mulf %f, %s : f32
    %q = arith.mulf %v, %v : f32
    linalg.yield %q : f32
  } -> tensor<1024x1024xf32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %0 = stablehlo.reduce(%g init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<1024x1024xf32>, tensor<f32>) -> tensor<1024xf32>
  %1 = stablehlo.reduce(%0 init: %zero) applies stablehlo.add across dimensions = [0] : (tensor<1024xf32>, tensor<f32>) -> tensor<f32>
  return %0, %1 : tensor<1024xf32>, tensor<f32>
}
