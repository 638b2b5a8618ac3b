// TARGETS: vmvx
// State kept across calls in a mutable global tensor.
// RUN: increment '2xi32=1 10' | increment '2xi32=5 -3' | increment '2xi32=0 1'
// RUN: increment '2xi32=7 7'
util.global private mutable @total = dense<0> : tensor<2xi32>
func.func @increment(%x: tensor<2xi32>) -> tensor<2xi32> {
  %t = util.global.load @total : tensor<2xi32>
  %n = arith.addi %t, %x : tensor<2xi32>
  util.global.store %n, @total : tensor<2xi32>
  return %n : tensor<2xi32>
}
