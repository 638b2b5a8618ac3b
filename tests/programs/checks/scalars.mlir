// TARGETS: vmvx wasm32
// Self-checking scalar expectations: check.expect_true / expect_false on i32 comparisons of
// values the compiler cannot fold (util.unfoldable_constant). Every function passes.
func.func @compare_ints() {
  %a = util.unfoldable_constant 7 : i32
  %b = util.unfoldable_constant 5 : i32
  %gt = arith.cmpi sgt, %a, %b : i32
  %lt = arith.cmpi slt, %a, %b : i32
  %gti = arith.extui %gt : i1 to i32
  %lti = arith.extui %lt : i1 to i32
  check.expect_true(%gti) : i32
  check.expect_false(%lti) : i32
  return
}
func.func @nonzero_is_true() {
  %m = util.unfoldable_constant -3 : i32
  %z = util.unfoldable_constant 0 : i32
  check.expect_true(%m) : i32
  check.expect_false(%z) : i32
  return
}
