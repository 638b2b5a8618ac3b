// TARGETS: wasm32 host
// Calls for the seed-compatible API's input and iteration rules (glue/tests/seed_calls.test.mjs):
// `collatz` takes no inputs (as the seed sample's collatz did: its page passed an empty inputs
// box, which arrived as [""]); `scale_add` takes several, tensors and a scalar; `negate` has a
// large tensor in and out, so parsing and formatting cost far more than the call itself.
// RUN: collatz
// RUN: scale_add '4xf32=1 2 3 4' '4xf32=0.5 -0.5 1.5 -1.5' 2.5
// RUN: negate '65536xf32=1.5'
func.func @collatz() -> f32 {
  %start = util.unfoldable_constant 27.0 : f32
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %two = arith.constant 2.0 : f32
  %three = arith.constant 3.0 : f32
  %r:2 = scf.while (%n = %start, %steps = %zero) : (f32, f32) -> (f32, f32) {
    %more = arith.cmpf ogt, %n, %one : f32
    scf.condition(%more) %n, %steps : f32, f32
  } do {
  ^bb0(%n: f32, %steps: f32):
    %rem = arith.remf %n, %two : f32
    %odd = arith.cmpf one, %rem, %zero : f32
    %tripled = arith.mulf %n, %three : f32
    %up = arith.addf %tripled, %one : f32
    %down = arith.divf %n, %two : f32
    %next = arith.select %odd, %up, %down : f32
    %count = arith.addf %steps, %one : f32
    scf.yield %next, %count : f32, f32
  }
  return %r#1 : f32
}
func.func @scale_add(%x: tensor<4xf32>, %y: tensor<4xf32>, %s: f32) -> tensor<4xf32> {
  %init = tensor.empty() : tensor<4xf32>
  %r = linalg.generic {
      indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
      iterator_types = ["parallel"]}
      ins(%x, %y : tensor<4xf32>, tensor<4xf32>) outs(%init : tensor<4xf32>) {
    ^bb0(%a: f32, %b: f32, %out: f32):
      %scaled = arith.mulf %a, %s : f32
      %sum = arith.addf %scaled, %b : f32
      linalg.yield %sum : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func @negate(%x: tensor<65536xf32>) -> tensor<65536xf32> {
  %r = arith.negf %x : tensor<65536xf32>
  return %r : tensor<65536xf32>
}
