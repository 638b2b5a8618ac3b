// TARGETS: wasm32 host vmvx
// Host-side control flow: scf.if on a scalar picks which tensor computation runs.
// RUN: pick 1 '4xf32=1 2 3 4'
// RUN: pick 0 '4xf32=1 2 3 4'
func.func @pick(%flag: i32, %x: tensor<4xf32>) -> tensor<4xf32> {
  %c0 = arith.constant 0 : i32
  %c = arith.cmpi ne, %flag, %c0 : i32
  %0 = scf.if %c -> tensor<4xf32> {
    %s = arith.mulf %x, %x : tensor<4xf32>
    scf.yield %s : tensor<4xf32>
  } else {
    %n = arith.negf %x : tensor<4xf32>
    scf.yield %n : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
