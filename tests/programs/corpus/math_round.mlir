// TARGETS: wasm32 host vmvx
// Rounding: math.round (half away from zero), math.roundeven, math.floor, math.ceil.
// RUN: rounding '8xf32=0.5 1.5 2.5 -0.5 -1.5 2.7 -2.7 3.2'
func.func @rounding(%x: tensor<8xf32>) -> (tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  %0 = math.round %x : tensor<8xf32>
  %1 = math.roundeven %x : tensor<8xf32>
  %2 = math.floor %x : tensor<8xf32>
  %3 = math.ceil %x : tensor<8xf32>
  return %0, %1, %2, %3 : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}
