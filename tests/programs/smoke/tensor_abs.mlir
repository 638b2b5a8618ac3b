// TARGETS: vmvx wasm32 host
// An elementwise tensor program: imports the hal module and carries one executable.
func.func @abs(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = math.absf %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
