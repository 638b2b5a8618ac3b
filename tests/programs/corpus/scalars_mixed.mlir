// TARGETS: wasm32 host vmvx
// Scalar arguments and results mixed with tensors: scale a tensor, return its max element and count.
// RUN: scale_stats '5xf32=1 -2 3.5 0 2' 2.0 3
func.func @scale_stats(%x: tensor<5xf32>, %s: f32, %k: i32) -> (tensor<5xf32>, f32, i32) {
  %e = tensor.empty() : tensor<5xf32>
  %st = linalg.fill ins(%s : f32) outs(%e : tensor<5xf32>) -> tensor<5xf32>
  %y = arith.mulf %x, %st : tensor<5xf32>
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %m = stablehlo.reduce(%y init: %ninf) applies stablehlo.maximum across dimensions = [0] : (tensor<5xf32>, tensor<f32>) -> tensor<f32>
  %mv = tensor.extract %m[] : tensor<f32>
  %five = arith.constant 5 : i32
  %c = arith.muli %k, %five : i32
  return %y, %mv, %c : tensor<5xf32>, f32, i32
}
