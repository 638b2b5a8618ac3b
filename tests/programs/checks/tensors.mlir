// TARGETS: vmvx wasm32
// Self-checking tensor expectations (expect_eq, expect_eq_const, expect_all_true) over dispatched
// work: integer arithmetic, a transpose, a reduction and a comparison mask. Every function passes.
func.func @add_i32() {
  %a = util.unfoldable_constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %b = util.unfoldable_constant dense<[10, 20, 30, 40]> : tensor<4xi32>
  %c = arith.addi %a, %b : tensor<4xi32>
  check.expect_eq_const(%c, dense<[11, 22, 33, 44]> : tensor<4xi32>) : tensor<4xi32>
  return
}
func.func @transpose_twice() {
  %a = util.unfoldable_constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %t = stablehlo.transpose %a, dims = [1, 0] : (tensor<2x3xi32>) -> tensor<3x2xi32>
  %u = stablehlo.transpose %t, dims = [1, 0] : (tensor<3x2xi32>) -> tensor<2x3xi32>
  check.expect_eq(%u, %a) : tensor<2x3xi32>
  return
}
func.func @row_sums() {
  %a = util.unfoldable_constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %z = stablehlo.constant dense<0> : tensor<i32>
  %s = stablehlo.reduce(%a init: %z) applies stablehlo.add across dimensions = [1] : (tensor<2x3xi32>, tensor<i32>) -> tensor<2xi32>
  check.expect_eq_const(%s, dense<[6, 15]> : tensor<2xi32>) : tensor<2xi32>
  return
}
func.func @all_positive() {
  %a = util.unfoldable_constant dense<[3, 1, 4, 1, 5]> : tensor<5xi32>
  %z = arith.constant dense<0> : tensor<5xi32>
  %m = arith.cmpi sgt, %a, %z : tensor<5xi32>
  check.expect_all_true(%m) : tensor<5xi1>
  check.expect_all_true(%a) : tensor<5xi32>
  return
}
