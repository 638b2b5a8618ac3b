// TARGETS: wasm32 host vmvx
// Unsigned integer semantics on i32 storage: divui, remui, maxui, cmpi ult, uitofp.
// RUN: unsigned_ops '5xi32=-1 7 -2147483648 10 3' '5xi32=2 -1 3 3 7'
func.func @unsigned_ops(%a: tensor<5xi32>, %b: tensor<5xi32>) -> (tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi1>, tensor<5xf32>) {
  %0 = arith.divui %a, %b : tensor<5xi32>
  %1 = arith.remui %a, %b : tensor<5xi32>
  %2 = arith.maxui %a, %b : tensor<5xi32>
  %3 = arith.cmpi ult, %a, %b : tensor<5xi32>
  %4 = arith.uitofp %a : tensor<5xi32> to tensor<5xf32>
  return %0, %1, %2, %3, %4 : tensor<5xi32>, tensor<5xi32>, tensor<5xi32>, tensor<5xi1>, tensor<5xf32>
}
