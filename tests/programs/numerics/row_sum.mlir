// TARGETS: wasm32 host vmvx
// Row sums of a 2x40960 f32 tensor of 0.001: 40960 * f32(0.001) is 40.960002, but every build
// adds a row's elements one after another in f32, and the rounding errors of 40960 adds make
// 40.949123 (numpy: a sequential f32 loop gives 40.94912338, f64 40.96000195; other orders
// would give 4-lane partial sums 40.96203232, 16-lane 40.95995331, tiles of 4096 40.95885849,
// pairwise 40.96000290). The compiled kernels (dumped with --iree-hal-dump-executable-files-to)
// run one workgroup per row, each a loop of `llvm.vector.reduce.fadd` without `reassoc`, which
// is an ordered reduction: 4 lanes per step on wasm32, 16 on x86, the same order either way.
// So the reference runtime's x86 build returns 40.949123 too, and so does Weft on any number
// of threads (no sum crosses workgroups). glue/tests/numerics.test.mjs pins both.
// RUN: row_sum
// RUN: row_sum_of '2x40960xf32=0.001'
// EXPECT-FAIL: row_sum_check: expects 40.96 within atol 1e-4; it seemed to pass on the x86 build
// only because iree-run-module registers no `check` module, so its checks are compiled-out no-ops.
func.func @row_sum() -> tensor<2xf32> {
  %x = util.unfoldable_constant dense<0.001> : tensor<2x40960xf32>
  %s = call @row_sum_of(%x) : (tensor<2x40960xf32>) -> tensor<2xf32>
  return %s : tensor<2xf32>
}
func.func @row_sum_of(%x: tensor<2x40960xf32>) -> tensor<2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<2xf32>) -> tensor<2xf32>
  %s = linalg.generic {
      indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>],
      iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<2x40960xf32>) outs(%init : tensor<2xf32>) {
    ^bb0(%a: f32, %acc: f32):
      %r = arith.addf %a, %acc : f32
      linalg.yield %r : f32
  } -> tensor<2xf32>
  return %s : tensor<2xf32>
}
func.func @row_sum_check() {
  %x = util.unfoldable_constant dense<0.001> : tensor<2x40960xf32>
  %s = call @row_sum_of(%x) : (tensor<2x40960xf32>) -> tensor<2xf32>
  check.expect_almost_eq_const(%s, dense<40.96> : tensor<2xf32>) : tensor<2xf32>
  return
}
