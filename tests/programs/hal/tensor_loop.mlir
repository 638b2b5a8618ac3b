// TARGETS: vmvx
// A host loop whose condition reads a device result back each iteration: double a vector
// until its sum exceeds a bound (dispatch, readback, branch on the host).
// RUN: grow '3xf32=1 2 3' 100
// RUN: grow '3xf32=0.5 0 -0.25' 10
func.func @grow(%x: tensor<3xf32>, %bound: f32) -> (tensor<3xf32>, i32) {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %c64 = arith.constant 64 : i32
  %r:2 = scf.while (%v = %x, %n = %c0) : (tensor<3xf32>, i32) -> (tensor<3xf32>, i32) {
    %init = tensor.empty() : tensor<f32>
    %filled = linalg.fill ins(%zero : f32) outs(%init : tensor<f32>) -> tensor<f32>
    %sum = linalg.reduce ins(%v : tensor<3xf32>) outs(%filled : tensor<f32>) dimensions = [0]
      (%in: f32, %acc: f32) {
        %s = arith.addf %in, %acc : f32
        linalg.yield %s : f32
      }
    %total = tensor.extract %sum[] : tensor<f32>
    %small = arith.cmpf ole, %total, %bound : f32
    %more = arith.cmpi slt, %n, %c64 : i32
    %go = arith.andi %small, %more : i1
    scf.condition(%go) %v, %n : tensor<3xf32>, i32
  } do {
  ^bb0(%v: tensor<3xf32>, %n: i32):
    %d = arith.addf %v, %v : tensor<3xf32>
    %n1 = arith.addi %n, %c1 : i32
    scf.yield %d, %n1 : tensor<3xf32>, i32
  }
  return %r#0, %r#1 : tensor<3xf32>, i32
}
