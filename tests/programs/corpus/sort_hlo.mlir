// TARGETS: wasm32 host vmvx
// stablehlo.sort of a vector ascending (f32) and of the rows of a matrix descending (i32).
// RUN: sorts '7xf32=3 -1 2.5 0 9 -7 2.5' '2x4xi32=4 1 3 2 -5 10 0 10'
func.func @sorts(%x: tensor<7xf32>, %m: tensor<2x4xi32>) -> (tensor<7xf32>, tensor<2x4xi32>) {
  %0 = "stablehlo.sort"(%x) ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %lt = stablehlo.compare LT, %a, %b : (tensor<f32>, tensor<f32>) -> tensor<i1>
    stablehlo.return %lt : tensor<i1>
  }) {dimension = 0 : i64, is_stable = true} : (tensor<7xf32>) -> tensor<7xf32>
  %1 = "stablehlo.sort"(%m) ({
  ^bb0(%a: tensor<i32>, %b: tensor<i32>):
    %gt = stablehlo.compare GT, %a, %b : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %gt : tensor<i1>
  }) {dimension = 1 : i64, is_stable = true} : (tensor<2x4xi32>) -> tensor<2x4xi32>
  return %0, %1 : tensor<7xf32>, tensor<2x4xi32>
}
