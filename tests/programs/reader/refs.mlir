// TARGETS: vmvx
// Reference-typed signatures: buffer views, fences, lists and a 3-D dynamic tensor.
func.func @view(%v: !hal.buffer_view) -> !hal.buffer_view {
  return %v : !hal.buffer_view
}
func.func @fence(%f: !hal.fence) -> i32 {
  %c = arith.constant 1 : i32
  return %c : i32
}
func.func @list(%l: !util.list<?>) -> !util.list<?> {
  return %l : !util.list<?>
}
func.func @dims(%x: tensor<?x?x2xi8>) -> tensor<?x?x2xi8> {
  return %x : tensor<?x?x2xi8>
}
