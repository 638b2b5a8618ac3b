// TARGETS: wasm32 vmvx
// Linker fixture: scalar libm calls 3.13.0 leaves to the C library (roundf, log10f, fminf); with
// linker/tools/wasm-ld-wrapper they become env.* imports. The host llvm-cpu build has no libm
// either, so vmvx is its reference build.
func.func @libm(%a: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<8xf32> {
  %init = tensor.empty() : tensor<8xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                       iterator_types = ["parallel"]}
      ins(%a, %b : tensor<8xf32>, tensor<8xf32>) outs(%init : tensor<8xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %q = math.round %x : f32
    %ay = math.absf %y : f32
    %l = math.log10 %ay : f32
    %mn = arith.minnumf %q, %l : f32
    linalg.yield %mn : f32
  } -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
