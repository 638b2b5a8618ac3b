// TARGETS: wasm32 host vmvx
// A fully connected layer: linalg.matvec plus bias, then ReLU.
// RUN: dense '3x4xf32=1 -1 0 2 0.5 0.5 0.5 0.5 -2 1 1 -1' '4xf32=1 2 3 4' '3xf32=-10 0 1'
func.func @dense(%w: tensor<3x4xf32>, %x: tensor<4xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<3xf32>) -> tensor<3xf32>
  %y = linalg.matvec ins(%w, %x : tensor<3x4xf32>, tensor<4xf32>) outs(%init : tensor<3xf32>) -> tensor<3xf32>
  %z = arith.addf %y, %b : tensor<3xf32>
  %zeros = linalg.fill ins(%zero : f32) outs(%e : tensor<3xf32>) -> tensor<3xf32>
  %r = arith.maximumf %z, %zeros : tensor<3xf32>
  return %r : tensor<3xf32>
}
