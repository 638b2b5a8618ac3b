// TARGETS: vmvx
// Compare and select on floats (relu6), and a boolean mask as a result.
// RUN: relu6 '6xf32=-1 0 3 6 7.5 nan'
// RUN: positive '5xf32=-1 0 2 -0 inf'
func.func @relu6(%x: tensor<6xf32>) -> tensor<6xf32> {
  %zero = arith.constant dense<0.0> : tensor<6xf32>
  %six = arith.constant dense<6.0> : tensor<6xf32>
  %lo = arith.cmpf olt, %x, %zero : tensor<6xf32>
  %a = arith.select %lo, %zero, %x : tensor<6xi1>, tensor<6xf32>
  %hi = arith.cmpf ogt, %a, %six : tensor<6xf32>
  %b = arith.select %hi, %six, %a : tensor<6xi1>, tensor<6xf32>
  return %b : tensor<6xf32>
}
func.func @positive(%x: tensor<5xf32>) -> tensor<5xi1> {
  %zero = arith.constant dense<0.0> : tensor<5xf32>
  %0 = arith.cmpf ogt, %x, %zero : tensor<5xf32>
  return %0 : tensor<5xi1>
}
