// TARGETS: vmvx
// Loops: scf.for (sum, nested), scf.while (Collatz step count), a float loop carrying two values.
// RUN: sum_to 0
// RUN: sum_to 10
// RUN: sum_to 100000
// RUN: collatz 1
// RUN: collatz 27
// RUN: collatz 97
// RUN: nested 3 4
// RUN: nested 0 5
// RUN: newton_sqrt 2 6
// RUN: newton_sqrt 1e6 20
func.func @sum_to(%n: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ub = arith.index_cast %n : i32 to index
  %zero = arith.constant 0 : i32
  %r = scf.for %i = %c0 to %ub step %c1 iter_args(%acc = %zero) -> (i32) {
    %iv = arith.index_cast %i : index to i32
    %next = arith.addi %acc, %iv : i32
    scf.yield %next : i32
  }
  return %r : i32
}
func.func @collatz(%start: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %c3 = arith.constant 3 : i32
  %res:2 = scf.while (%x = %start, %steps = %c0) : (i32, i32) -> (i32, i32) {
    %more = arith.cmpi ne, %x, %c1 : i32
    scf.condition(%more) %x, %steps : i32, i32
  } do {
  ^bb0(%x: i32, %steps: i32):
    %rem = arith.remui %x, %c2 : i32
    %odd = arith.cmpi ne, %rem, %c0 : i32
    %up = arith.muli %x, %c3 : i32
    %up1 = arith.addi %up, %c1 : i32
    %down = arith.divui %x, %c2 : i32
    %nx = arith.select %odd, %up1, %down : i32
    %ns = arith.addi %steps, %c1 : i32
    scf.yield %nx, %ns : i32, i32
  }
  return %res#1 : i32
}
// sum over i < a, j < b of (i * b + j)
func.func @nested(%a: i32, %b: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %ua = arith.index_cast %a : i32 to index
  %ub = arith.index_cast %b : i32 to index
  %zero = arith.constant 0 : i32
  %r = scf.for %i = %c0 to %ua step %c1 iter_args(%acc = %zero) -> (i32) {
    %inner = scf.for %j = %c0 to %ub step %c1 iter_args(%acc2 = %acc) -> (i32) {
      %ii = arith.index_cast %i : index to i32
      %jj = arith.index_cast %j : index to i32
      %m = arith.muli %ii, %b : i32
      %v = arith.addi %m, %jj : i32
      %n = arith.addi %acc2, %v : i32
      scf.yield %n : i32
    }
    scf.yield %inner : i32
  }
  return %r : i32
}
// Newton iterations for sqrt(a), returning the estimate and the last step size.
func.func @newton_sqrt(%a: f32, %iters: i32) -> (f32, f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.index_cast %iters : i32 to index
  %half = arith.constant 0.5 : f32
  %zero = arith.constant 0.0 : f32
  %r:2 = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a, %d = %zero) -> (f32, f32) {
    %q = arith.divf %a, %x : f32
    %s = arith.addf %x, %q : f32
    %nx = arith.mulf %s, %half : f32
    %nd = arith.subf %x, %nx : f32
    scf.yield %nx, %nd : f32, f32
  }
  return %r#0, %r#1 : f32, f32
}
