// TARGETS: wasm32 host vmvx
// stablehlo.slice with strides and stablehlo.dynamic_slice at a runtime offset (clamped when out of range).
// RUN: slices '4x5xi32=0 1 2 3 4 10 11 12 13 14 20 21 22 23 24 30 31 32 33 34' 1 2
// RUN: slices '4x5xi32=0 1 2 3 4 10 11 12 13 14 20 21 22 23 24 30 31 32 33 34' 3 9
func.func @slices(%x: tensor<4x5xi32>, %r: i32, %c: i32) -> (tensor<2x2xi32>, tensor<2x3xi32>) {
  %0 = stablehlo.slice %x [0:4:2, 1:5:2] : (tensor<4x5xi32>) -> tensor<2x2xi32>
  %rt = tensor.from_elements %r : tensor<i32>
  %ct = tensor.from_elements %c : tensor<i32>
  %1 = stablehlo.dynamic_slice %x, %rt, %ct, sizes = [2, 3] : (tensor<4x5xi32>, tensor<i32>, tensor<i32>) -> tensor<2x3xi32>
  return %0, %1 : tensor<2x2xi32>, tensor<2x3xi32>
}
