// TARGETS: wasm32 host vmvx vulkan-wasm32
// Dynamic shapes reach a GPU dispatch as push constants (glue/wgsl moves them to a uniform
// buffer); the row sums are a reduction the Vulkan target spreads over a workgroup.
// RUN: row_sums '3x5xf32=1 2 3 4 5 -1 -2 -3 -4 -5 0.5 0.25 0.125 0.0625 0.03125'
// RUN: row_sums '2x130xf32=0.5'
func.func @row_sums(%x: tensor<?x?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %rows = tensor.dim %x, %c0 : tensor<?x?xf32>
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty(%rows) : tensor<?xf32>
  %filled = linalg.fill ins(%zero : f32) outs(%init : tensor<?xf32>) -> tensor<?xf32>
  %sum = linalg.reduce ins(%x : tensor<?x?xf32>) outs(%filled : tensor<?xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return %sum : tensor<?xf32>
}
