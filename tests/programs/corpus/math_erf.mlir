// TARGETS: wasm32 host vmvx
// math.erf (a polynomial approximation chosen by the compiler).
// ULP: 2
// RUN: erf_f32 '8xf32=0 0.25 -0.25 0.5 1 -1.5 2.5 4'
func.func @erf_f32(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = math.erf %x : tensor<8xf32>
  return %0 : tensor<8xf32>
}
