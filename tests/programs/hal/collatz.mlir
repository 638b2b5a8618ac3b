// TARGETS: vmvx
// A scalar loop that stays on the host (no dispatch): Collatz steps counted in f32.
// RUN: collatz 27
// RUN: collatz 1
// RUN: collatz 97
func.func @collatz(%start: f32) -> f32 {
  %one = arith.constant 1.0 : f32
  %two = arith.constant 2.0 : f32
  %three = arith.constant 3.0 : f32
  %zero = arith.constant 0.0 : f32
  %r:2 = scf.while (%x = %start, %n = %zero) : (f32, f32) -> (f32, f32) {
    %more = arith.cmpf ogt, %x, %one : f32
    scf.condition(%more) %x, %n : f32, f32
  } do {
  ^bb0(%x: f32, %n: f32):
    %half = arith.divf %x, %two : f32
    %fl = math.floor %half : f32
    %even = arith.cmpf oeq, %half, %fl : f32
    %tripled = arith.mulf %x, %three : f32
    %odd_next = arith.addf %tripled, %one : f32
    %next = arith.select %even, %half, %odd_next : f32
    %n1 = arith.addf %n, %one : f32
    scf.yield %next, %n1 : f32, f32
  }
  return %r#1 : f32
}
