// TARGETS: vmvx
// User-chosen ABI names and attributes, and a user-supplied declaration string that the
// compiler keeps (single unparenthesized result) next to the one it generates.
func.func @named(%x: tensor<4xf32> {iree.abi.name = "x"}, %n: i32 {iree.abi.name = "count", test.note = "hi"}) -> (tensor<4xf32> {iree.abi.name = "y"}) {
  return %x : tensor<4xf32>
}
func.func @custom(%a: i32) -> i32 attributes {iree.reflection = {iree.abi.declaration = "sync func @custom(%a: i32) -> i32", note = "user"}} {
  return %a : i32
}
func.func @shapes(%a: tensor<4x?xi16>, %b: tensor<1x1x1x1xf32>) -> (tensor<4x?xi16>, tensor<1x1x1x1xf32>) {
  return %a, %b : tensor<4x?xi16>, tensor<1x1x1x1xf32>
}
