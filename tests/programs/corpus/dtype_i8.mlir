// TARGETS: wasm32 host vmvx
// i8 arithmetic wrapping at the type's ends, and signed/unsigned widening to i32.
// RUN: i8_ops '6xi8=127 -128 100 -1 7 0' '6xi8=1 -1 100 -1 -3 5'
func.func @i8_ops(%a: tensor<6xi8>, %b: tensor<6xi8>) -> (tensor<6xi8>, tensor<6xi8>, tensor<6xi8>, tensor<6xi32>, tensor<6xi32>) {
  %0 = arith.addi %a, %b : tensor<6xi8>
  %1 = arith.muli %a, %b : tensor<6xi8>
  %2 = arith.subi %a, %b : tensor<6xi8>
  %3 = arith.extsi %a : tensor<6xi8> to tensor<6xi32>
  %4 = arith.extui %a : tensor<6xi8> to tensor<6xi32>
  return %0, %1, %2, %3, %4 : tensor<6xi8>, tensor<6xi8>, tensor<6xi8>, tensor<6xi32>, tensor<6xi32>
}
