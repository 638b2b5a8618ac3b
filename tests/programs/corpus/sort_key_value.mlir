// TARGETS: wasm32 host vmvx
// stablehlo.sort of keys carrying values along (stable: equal keys keep their order): an argsort.
// RUN: argsort '6xf32=0.3 0.1 0.9 0.1 -2 0.5'
func.func @argsort(%k: tensor<6xf32>) -> (tensor<6xf32>, tensor<6xi32>) {
  %iota = stablehlo.iota dim = 0 : tensor<6xi32>
  %0:2 = "stablehlo.sort"(%k, %iota) ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>, %ia: tensor<i32>, %ib: tensor<i32>):
    %lt = stablehlo.compare LT, %a, %b : (tensor<f32>, tensor<f32>) -> tensor<i1>
    stablehlo.return %lt : tensor<i1>
  }) {dimension = 0 : i64, is_stable = true} : (tensor<6xf32>, tensor<6xi32>) -> (tensor<6xf32>, tensor<6xi32>)
  return %0#0, %0#1 : tensor<6xf32>, tensor<6xi32>
}
