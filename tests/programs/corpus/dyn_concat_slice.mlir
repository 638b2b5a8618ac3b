// TARGETS: wasm32 host vmvx
// Dynamic shapes through tensor.concat and tensor.extract_slice of a runtime length.
// RUN: join_prefix '2xf32=1 2' '3xf32=3 4 5' 4
// RUN: join_prefix '1xf32=9' '1xf32=8' 1
func.func @join_prefix(%a: tensor<?xf32>, %b: tensor<?xf32>, %n: i32) -> (tensor<?xf32>, tensor<?xf32>) {
  %0 = tensor.concat dim(0) %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %len = arith.index_cast %n : i32 to index
  %1 = tensor.extract_slice %0[0] [%len] [1] : tensor<?xf32> to tensor<?xf32>
  return %0, %1 : tensor<?xf32>, tensor<?xf32>
}
