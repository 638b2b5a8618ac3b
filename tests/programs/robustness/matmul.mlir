// TARGETS: wasm32 vmvx
// Mutation campaign program (tests/robustness/mutate.mjs): an f32 matmul the wasm32 build
// tiles over several workgroups. Small integer inputs keep every result exact.
// RUN: matmul '16x12xf32=-1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4 2 0 -2 -4 3 1 -1 -3 4' '12x16xf32=-2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1 -1 -3 2 0 -2 3 1'
func.func @matmul(%a: tensor<16x12xf32>, %b: tensor<12x16xf32>) -> tensor<16x16xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<16x16xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%init : tensor<16x16xf32>) -> tensor<16x16xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<16x12xf32>, tensor<12x16xf32>) outs(%fill : tensor<16x16xf32>) -> tensor<16x16xf32>
  return %0 : tensor<16x16xf32>
}
