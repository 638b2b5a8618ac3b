// TARGETS: vmvx
// Index arithmetic inside a kernel: reverse a vector (a gather by computed index) and add
// each element's position.
// RUN: reverse_plus_index '5xi32=10 20 30 40 50'
func.func @reverse_plus_index(%x: tensor<5xi32>) -> tensor<5xi32> {
  %c4 = arith.constant 4 : index
  %init = tensor.empty() : tensor<5xi32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>], iterator_types = ["parallel"]}
      outs(%init : tensor<5xi32>) {
    ^bb0(%out: i32):
      %i = linalg.index 0 : index
      %r = arith.subi %c4, %i : index
      %v = tensor.extract %x[%r] : tensor<5xi32>
      %ii = arith.index_cast %i : index to i32
      %s = arith.addi %v, %ii : i32
      linalg.yield %s : i32
  } -> tensor<5xi32>
  return %0 : tensor<5xi32>
}
