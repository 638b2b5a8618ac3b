// TARGETS: wasm32 host
// Glue fixture: integer division of one tensor by another. arith.divsi becomes i32.div_s, which
// traps on a zero divisor; the grid has several workgroups, so a trap can happen on any thread.
func.func @divide(%a: tensor<512x512xi32>, %b: tensor<512x512xi32>) -> tensor<512x512xi32> {
  %0 = arith.divsi %a, %b : tensor<512x512xi32>
  return %0 : tensor<512x512xi32>
}
