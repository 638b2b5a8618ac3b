// TARGETS: vmvx wasm32
// Self-checking expectations over several element types: i8 and i16 wraparound (expect_eq_const),
// f32 rounding, and an i1 mask from a float comparison (expect_all_true). Every function passes.
func.func @i8_wraps() {
  %a = util.unfoldable_constant dense<[127, -128, 100]> : tensor<3xi8>
  %one = arith.constant dense<[1, -1, 100]> : tensor<3xi8>
  %s = arith.addi %a, %one : tensor<3xi8>
  check.expect_eq_const(%s, dense<[-128, 127, -56]> : tensor<3xi8>) : tensor<3xi8>
  return
}
func.func @i16_wraps() {
  %a = util.unfoldable_constant dense<[32767, 300]> : tensor<2xi16>
  %b = arith.muli %a, %a : tensor<2xi16>
  check.expect_eq_const(%b, dense<[1, 24464]> : tensor<2xi16>) : tensor<2xi16>
  return
}
func.func @round_even() {
  %x = util.unfoldable_constant dense<[0.5, 1.5, 2.5, -0.5]> : tensor<4xf32>
  %r = math.roundeven %x : tensor<4xf32>
  check.expect_almost_eq_const(%r, dense<[0.0, 2.0, 2.0, -0.0]> : tensor<4xf32>, atol 0.0) : tensor<4xf32>
  return
}
func.func @float_mask() {
  %x = util.unfoldable_constant dense<[0.25, 1.0, 7.5]> : tensor<3xf32>
  %z = arith.constant dense<0.0> : tensor<3xf32>
  %m = arith.cmpf ogt, %x, %z : tensor<3xf32>
  check.expect_all_true(%m) : tensor<3xi1>
  return
}
