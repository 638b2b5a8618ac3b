// TARGETS: wasm32 host vmvx
// stablehlo integer add, subtract, multiply, divide, remainder (divisors nonzero; wraparound on overflow).
// RUN: int_arith '6xi32=7 -7 100 2147483647 -9 0' '6xi32=2 2 -3 1 4 5'
func.func @int_arith(%a: tensor<6xi32>, %b: tensor<6xi32>) -> (tensor<6xi32>, tensor<6xi32>, tensor<6xi32>, tensor<6xi32>, tensor<6xi32>) {
  %0 = stablehlo.add %a, %b : tensor<6xi32>
  %1 = stablehlo.subtract %a, %b : tensor<6xi32>
  %2 = stablehlo.multiply %a, %b : tensor<6xi32>
  %3 = stablehlo.divide %a, %b : tensor<6xi32>
  %4 = stablehlo.remainder %a, %b : tensor<6xi32>
  return %0, %1, %2, %3, %4 : tensor<6xi32>, tensor<6xi32>, tensor<6xi32>, tensor<6xi32>, tensor<6xi32>
}
