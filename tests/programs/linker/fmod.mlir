// TARGETS: wasm32
// Linker fixture: arith.remf becomes a call to fmodf (an env.fmodf import through the wrapper).
// No reference build: 3.13.0's VMVX computes remf as an IEEE remainder (3.25 rem 3.38 = -0.13,
// C fmodf gives 3.25) and the host build cannot link fmodf, so only the plan is checked.
func.func @fmod(%a: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<8xf32> {
  %init = tensor.empty() : tensor<8xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                       iterator_types = ["parallel"]}
      ins(%a, %b : tensor<8xf32>, tensor<8xf32>) outs(%init : tensor<8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %r = arith.remf %x, %y : f32
    linalg.yield %r : f32
  } -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
