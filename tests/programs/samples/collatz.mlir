// TARGETS: wasm32 vmvx
// Demo sample (web/index.html): the Collatz sequence of an f32 start value, as a loop on
// scalars (no tensors, so no dispatches): halve even values, map odd ones to 3n + 1, until the
// value is at most 1. Returns the number of steps and the highest value reached.
// RUN: collatz 27
// RUN: collatz 178
// RUN: collatz 1
// RUN: collatz 6
module @collatz {
  func.func @collatz(%start: f32) -> (f32, f32) {
    %zero = arith.constant 0.0 : f32
    %one = arith.constant 1.0 : f32
    %two = arith.constant 2.0 : f32
    %three = arith.constant 3.0 : f32
    %result:3 = scf.while (%n = %start, %steps = %zero, %peak = %start) : (f32, f32, f32) -> (f32, f32, f32) {
      %more = arith.cmpf ogt, %n, %one : f32
      scf.condition(%more) %n, %steps, %peak : f32, f32, f32
    } do {
    ^bb0(%n: f32, %steps: f32, %peak: f32):
      %rem = arith.remf %n, %two : f32
      %odd = arith.cmpf one, %rem, %zero : f32
      %tripled = arith.mulf %n, %three : f32
      %up = arith.addf %tripled, %one : f32
      %down = arith.divf %n, %two : f32
      %next = arith.select %odd, %up, %down : f32
      %count = arith.addf %steps, %one : f32
      %high = arith.maximumf %peak, %next : f32
      scf.yield %next, %count, %high : f32, f32, f32
    }
    return %result#1, %result#2 : f32, f32
  }
}
