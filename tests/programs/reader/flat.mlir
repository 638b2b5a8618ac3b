// TARGETS: vmvx wasm32
// FLAGS: --iree-vm-emit-polyglot-zip=false
// The same container without the ZIP wrapper: size prefix at offset 0, external rodata after
// the FlatBuffer at the next 64-byte boundary.
func.func @add(%x: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<8xf32> {
  %0 = arith.addf %x, %y : tensor<8xf32>
  return %0 : tensor<8xf32>
}
