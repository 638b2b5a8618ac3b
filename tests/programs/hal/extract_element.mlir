// TARGETS: vmvx
// Reads one element of a device tensor back to the host as a scalar result.
// RUN: pick '5xi32=10 20 30 40 50' 3
// RUN: pick '5xi32=10 20 30 40 50' 0
func.func @pick(%x: tensor<5xi32>, %i: i32) -> i32 {
  %doubled = arith.addi %x, %x : tensor<5xi32>
  %idx = arith.index_cast %i : i32 to index
  %0 = tensor.extract %doubled[%idx] : tensor<5xi32>
  return %0 : i32
}
