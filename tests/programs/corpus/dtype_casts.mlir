// TARGETS: wasm32 host vmvx
// VMVX-BUILD-DIFFERS: casts result 0: the vmvx build converts f32->i32 rounding to nearest (1.5 -> 2, vm.cast.f32.si32 is lround in the reference), the llvm-cpu builds truncate toward zero as stablehlo.convert says
// Conversions between f32 and integers (stablehlo.convert: truncation toward zero for float->int), i32->f32 rounding.
// RUN: casts '6xf32=1.5 -1.5 2.9 -2.9 100.25 0' '6xi32=16777217 -3 7 2147483647 0 -2147483648'
func.func @casts(%f: tensor<6xf32>, %i: tensor<6xi32>) -> (tensor<6xi32>, tensor<6xi8>, tensor<6xf32>, tensor<6xi1>) {
  %0 = stablehlo.convert %f : (tensor<6xf32>) -> tensor<6xi32>
  %1 = stablehlo.convert %i : (tensor<6xi32>) -> tensor<6xi8>
  %2 = stablehlo.convert %i : (tensor<6xi32>) -> tensor<6xf32>
  %3 = stablehlo.convert %f : (tensor<6xf32>) -> tensor<6xi1>
  return %0, %1, %2, %3 : tensor<6xi32>, tensor<6xi8>, tensor<6xf32>, tensor<6xi1>
}
