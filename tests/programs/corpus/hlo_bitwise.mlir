// TARGETS: wasm32 host vmvx
// Bitwise and/or/xor/not and shifts (logical, arithmetic) on i32.
// RUN: bitwise '4xi32=12 -1 255 -2147483648' '4xi32=10 3 4 31'
func.func @bitwise(%a: tensor<4xi32>, %b: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = stablehlo.and %a, %b : tensor<4xi32>
  %1 = stablehlo.or %a, %b : tensor<4xi32>
  %2 = stablehlo.xor %a, %b : tensor<4xi32>
  %3 = stablehlo.not %a : tensor<4xi32>
  %4 = stablehlo.shift_left %a, %b : tensor<4xi32>
  %5 = stablehlo.shift_right_logical %a, %b : tensor<4xi32>
  %6 = stablehlo.shift_right_arithmetic %a, %b : tensor<4xi32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}
