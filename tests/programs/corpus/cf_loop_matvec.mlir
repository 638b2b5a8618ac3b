// TARGETS: wasm32 host vmvx
// An scf.for running a matrix-vector step n times (power iteration without normalization).
// RUN: power '2x2xf32=0.5 0.5 0.25 0.75' '2xf32=1 0' 5
// RUN: power '2x2xf32=0 1 1 0' '2xf32=3 4' 0
func.func @power(%m: tensor<2x2xf32>, %v: tensor<2xf32>, %n: i32) -> tensor<2xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ni = arith.index_cast %n : i32 to index
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2xf32>
  %r = scf.for %i = %c0 to %ni step %c1 iter_args(%x = %v) -> tensor<2xf32> {
    %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2xf32>) -> tensor<2xf32>
    %y = linalg.matvec ins(%m, %x : tensor<2x2xf32>, tensor<2xf32>) outs(%init : tensor<2xf32>) -> tensor<2xf32>
    scf.yield %y : tensor<2xf32>
  }
  return %r : tensor<2xf32>
}
