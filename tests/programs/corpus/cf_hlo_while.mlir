// TARGETS: wasm32 host vmvx
// stablehlo.while: double a vector until its first element reaches a bound (a data-dependent trip count).
// RUN: grow '3xf32=1 0.5 -1' f32=100.0
// RUN: grow '3xf32=200 1 1' f32=100.0
func.func @grow(%x: tensor<3xf32>, %bound: tensor<f32>) -> (tensor<3xf32>, tensor<i32>) {
  %zero = stablehlo.constant dense<0> : tensor<i32>
  %one = stablehlo.constant dense<1> : tensor<i32>
  %0:2 = stablehlo.while(%v = %x, %n = %zero) : tensor<3xf32>, tensor<i32>
  cond {
    %first = stablehlo.slice %v [0:1] : (tensor<3xf32>) -> tensor<1xf32>
    %f = stablehlo.reshape %first : (tensor<1xf32>) -> tensor<f32>
    %c = stablehlo.compare LT, %f, %bound : (tensor<f32>, tensor<f32>) -> tensor<i1>
    stablehlo.return %c : tensor<i1>
  } do {
    %d = stablehlo.add %v, %v : tensor<3xf32>
    %n1 = stablehlo.add %n, %one : tensor<i32>
    stablehlo.return %d, %n1 : tensor<3xf32>, tensor<i32>
  }
  return %0#0, %0#1 : tensor<3xf32>, tensor<i32>
}
