// TARGETS: vmvx wasm32
// Deliberately wrong expectations, to prove a failed check is reported: each function marked
// EXPECT-FAIL below states something false and must fail with an error naming the check; the
// last function is correct and must pass even though its neighbours fail.
// (wrong_shape passes its device explicitly: iree-compile 3.13.0 lowers the buffer-view form
// without `<%device>` to a call with 2 operands for the 3-operand import, which Weft's verifier
// rightly refuses when the module loads.)
// EXPECT-FAIL: wrong_true
// EXPECT-FAIL: wrong_false
// EXPECT-FAIL: wrong_eq
// EXPECT-FAIL: wrong_shape
// EXPECT-FAIL: wrong_almost_eq
// EXPECT-FAIL: wrong_all_true
func.func @wrong_true() {
  %z = util.unfoldable_constant 0 : i32
  check.expect_true(%z) : i32
  return
}
func.func @wrong_false() {
  %one = util.unfoldable_constant 1 : i32
  check.expect_false(%one) : i32
  return
}
func.func @wrong_eq() {
  %a = util.unfoldable_constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %b = arith.addi %a, %a : tensor<4xi32>
  check.expect_eq_const(%b, dense<[2, 4, 6, 9]> : tensor<4xi32>) : tensor<4xi32>
  return
}
func.func @wrong_shape() {
  %a = util.unfoldable_constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %r = tensor.expand_shape %a [[0, 1]] output_shape [2, 2] : tensor<4xi32> into tensor<2x2xi32>
  %ba = hal.tensor.export %a : tensor<4xi32> -> !hal.buffer_view
  %br = hal.tensor.export %r : tensor<2x2xi32> -> !hal.buffer_view
  %c0 = arith.constant 0 : index
  %device = hal.devices.get %c0 : !hal.device
  check.expect_eq<%device>(%ba, %br) : !hal.buffer_view
  return
}
func.func @wrong_almost_eq() {
  %x = util.unfoldable_constant dense<[1.0, 2.0]> : tensor<2xf32>
  %e = math.exp %x : tensor<2xf32>
  check.expect_almost_eq_const(%e, dense<[2.7182817, 7.0]> : tensor<2xf32>, atol 1.0e-3) : tensor<2xf32>
  return
}
func.func @wrong_all_true() {
  %a = util.unfoldable_constant dense<[3, 0, 4]> : tensor<3xi32>
  check.expect_all_true(%a) : tensor<3xi32>
  return
}
func.func @right_after_wrong() {
  %a = util.unfoldable_constant dense<[1, 2]> : tensor<2xi32>
  %b = arith.muli %a, %a : tensor<2xi32>
  check.expect_eq_const(%b, dense<[1, 4]> : tensor<2xi32>) : tensor<2xi32>
  return
}
