// TARGETS: wasm32 host
// Linker fixture: f16 in and out. 3.13.0 links its own __extendhfsf2/__truncsfhf2 with
// (f32)->f32 types while callers pass i32, so the side module is invalid until repaired.
// It is also the fixture that needs stack: those helpers import env.__stack_pointer.
func.func @half(%a: tensor<64xf16>, %b: tensor<64xf16>) -> tensor<64xf16> {
  %init = tensor.empty() : tensor<64xf16>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                       iterator_types = ["parallel"]}
      ins(%a, %b : tensor<64xf16>, tensor<64xf16>) outs(%init : tensor<64xf16>) {
  ^bb0(%x: f16, %y: f16, %o: f16):
    %xf = arith.extf %x : f16 to f32
    %yf = arith.extf %y : f16 to f32
    %m = arith.mulf %xf, %yf : f32
    %s = arith.addf %m, %yf : f32
    %r = arith.truncf %s : f32 to f16
    linalg.yield %r : f16
  } -> tensor<64xf16>
  return %0 : tensor<64xf16>
}
