// TARGETS: vmvx wasm32
// Self-checking float expectations with tolerances: expect_almost_eq(_const) on exp, tanh, a
// matmul and softmax (default atol 1e-4, and explicit atol/rtol). Every function passes.
func.func @exp_tanh() {
  %x = util.unfoldable_constant dense<[0.0, 1.0, -1.0, 2.0]> : tensor<4xf32>
  %e = math.exp %x : tensor<4xf32>
  %t = math.tanh %x : tensor<4xf32>
  check.expect_almost_eq_const(%e, dense<[1.0, 2.7182817, 0.36787945, 7.389056]> : tensor<4xf32>) : tensor<4xf32>
  check.expect_almost_eq_const(%t, dense<[0.0, 0.7615942, -0.7615942, 0.9640276]> : tensor<4xf32>, atol 1.0e-5) : tensor<4xf32>
  return
}
func.func @matmul() {
  %a = util.unfoldable_constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = util.unfoldable_constant dense<[[0.5, -1.0], [0.25, 2.0]]> : tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %c = linalg.matmul ins(%a, %b : tensor<2x2xf32>, tensor<2x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  check.expect_almost_eq_const(%c, dense<[[1.0, 3.0], [2.5, 5.0]]> : tensor<2x2xf32>) : tensor<2x2xf32>
  return
}
func.func @softmax_sums_to_one() {
  %x = util.unfoldable_constant dense<[[1.0, 2.0, 3.0], [-5.0, 0.0, 5.0]]> : tensor<2x3xf32>
  %init = tensor.empty() : tensor<2x3xf32>
  %s = linalg.softmax dimension(1) ins(%x : tensor<2x3xf32>) outs(%init : tensor<2x3xf32>) -> tensor<2x3xf32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %r = stablehlo.reduce(%s init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
  %one = util.unfoldable_constant dense<1.0> : tensor<2xf32>
  check.expect_almost_eq(%r, %one, atol 1.0e-6, rtol 1.0e-6) : tensor<2xf32>
  return
}
