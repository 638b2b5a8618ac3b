// TARGETS: wasm32 host vmvx
// Running sum of an i32 vector with an scf.for carrying a tensor (one element per iteration).
// RUN: running_sum '8xi32=1 2 3 4 -10 100 0 7'
func.func @running_sum(%x: tensor<8xi32>) -> tensor<8xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %z = arith.constant 0 : i32
  %e = tensor.empty() : tensor<8xi32>
  %r:2 = scf.for %i = %c0 to %c8 step %c1 iter_args(%t = %e, %acc = %z) -> (tensor<8xi32>, i32) {
    %v = tensor.extract %x[%i] : tensor<8xi32>
    %a = arith.addi %acc, %v : i32
    %t2 = tensor.insert %a into %t[%i] : tensor<8xi32>
    scf.yield %t2, %a : tensor<8xi32>, i32
  }
  return %r#0 : tensor<8xi32>
}
