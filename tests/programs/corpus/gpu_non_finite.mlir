// TARGETS: wasm32 host vmvx vulkan-wasm32
// NaN and ±Inf as constants and as data: a max-reduction starts from -Inf, NaN and Inf are
// selected in, and NaN and Inf are tested for. WGSL can spell neither constant, and has no
// isnan/isinf; glue/wgsl builds the constants at run time and tests the bits.
// RUN: classify '6xf32=1.5 -2 0 1e38 -3.25 7'
func.func @classify(%x: tensor<6xf32>) -> (tensor<f32>, tensor<6xf32>, tensor<6xi8>, tensor<6xi8>) {
  %ninf = arith.constant 0xFF800000 : f32
  %init = tensor.empty() : tensor<f32>
  %start = linalg.fill ins(%ninf : f32) outs(%init : tensor<f32>) -> tensor<f32>
  %max = linalg.reduce ins(%x : tensor<6xf32>) outs(%start : tensor<f32>) dimensions = [0]
    (%in: f32, %acc: f32) {
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
    }
  %empty = tensor.empty() : tensor<6xf32>
  %odd = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                         iterator_types = ["parallel"]}
      ins(%x : tensor<6xf32>) outs(%empty : tensor<6xf32>) {
    ^bb0(%v: f32, %o: f32):
      %nan = arith.constant 0x7FC00000 : f32
      %pinf = arith.constant 0x7F800000 : f32
      %zero = arith.constant 0.0 : f32
      %big = arith.constant 1.0e30 : f32
      %negative = arith.cmpf olt, %v, %zero : f32
      %huge = arith.cmpf ogt, %v, %big : f32
      %a = arith.select %negative, %nan, %v : f32
      %b = arith.select %huge, %pinf, %a : f32
      linalg.yield %b : f32
  } -> tensor<6xf32>
  %flags = tensor.empty() : tensor<6xi8>
  %isnan = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                           iterator_types = ["parallel"]}
      ins(%odd : tensor<6xf32>) outs(%flags : tensor<6xi8>) {
    ^bb0(%v: f32, %o: i8):
      %n = arith.cmpf uno, %v, %v : f32
      %e = arith.extui %n : i1 to i8
      linalg.yield %e : i8
  } -> tensor<6xi8>
  %isinf = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                           iterator_types = ["parallel"]}
      ins(%odd : tensor<6xf32>) outs(%flags : tensor<6xi8>) {
    ^bb0(%v: f32, %o: i8):
      %a = math.absf %v : f32
      %pinf = arith.constant 0x7F800000 : f32
      %n = arith.cmpf oeq, %a, %pinf : f32
      %e = arith.extui %n : i1 to i8
      linalg.yield %e : i8
  } -> tensor<6xi8>
  return %max, %odd, %isnan, %isinf : tensor<f32>, tensor<6xf32>, tensor<6xi8>, tensor<6xi8>
}
