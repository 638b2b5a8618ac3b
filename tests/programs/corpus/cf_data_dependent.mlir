// TARGETS: wasm32 host vmvx
// A branch on a value computed on the device (the sum of a tensor), read back by the host.
// RUN: sign_of_sum '4xf32=1 2 3 -1'
// RUN: sign_of_sum '4xf32=-5 1 1 1'
func.func @sign_of_sum(%x: tensor<4xf32>) -> (tensor<4xf32>, f32) {
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %s = stablehlo.reduce(%x init: %zero) applies stablehlo.add across dimensions = [0] : (tensor<4xf32>, tensor<f32>) -> tensor<f32>
  %sv = tensor.extract %s[] : tensor<f32>
  %z = arith.constant 0.0 : f32
  %pos = arith.cmpf ogt, %sv, %z : f32
  %0 = scf.if %pos -> tensor<4xf32> {
    scf.yield %x : tensor<4xf32>
  } else {
    %n = arith.negf %x : tensor<4xf32>
    scf.yield %n : tensor<4xf32>
  }
  return %0, %sv : tensor<4xf32>, f32
}
