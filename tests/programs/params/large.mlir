// TARGETS: vmvx
// Four 2560x2560 f32 parameters, 100 MiB in all, loaded when the program loads and kept; the
// call reads two diagonal elements of each, at positions it is given. rt-core's params_memory
// test measures the heap while Weft loads it: the parameters are read straight into their
// buffers, so the peak stays near 100 MiB.
// PARAMETERS: big=irpa:large
// RUN: diagonal '2xi32=0 2559'
// RUN: diagonal '2xi32=7 1000'
util.global private @m0 = #flow.parameter.named<"big"::"m0"> : tensor<2560x2560xf32>
util.global private @m1 = #flow.parameter.named<"big"::"m1"> : tensor<2560x2560xf32>
util.global private @m2 = #flow.parameter.named<"big"::"m2"> : tensor<2560x2560xf32>
util.global private @m3 = #flow.parameter.named<"big"::"m3"> : tensor<2560x2560xf32>

// Row i holds m_i[p0, p0] and m_i[p1, p1].
func.func @diagonal(%p: tensor<2xi32>) -> tensor<4x2xf32> {
  %m0 = util.global.load @m0 : tensor<2560x2560xf32>
  %m1 = util.global.load @m1 : tensor<2560x2560xf32>
  %m2 = util.global.load @m2 : tensor<2560x2560xf32>
  %m3 = util.global.load @m3 : tensor<2560x2560xf32>
  %e = tensor.empty() : tensor<4x2xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%p : tensor<2xi32>) outs(%e : tensor<4x2xf32>) {
  ^bb0(%pj: i32, %o: f32):
    %i = linalg.index 0 : index
    %at = arith.index_cast %pj : i32 to index
    %v0 = tensor.extract %m0[%at, %at] : tensor<2560x2560xf32>
    %v1 = tensor.extract %m1[%at, %at] : tensor<2560x2560xf32>
    %v2 = tensor.extract %m2[%at, %at] : tensor<2560x2560xf32>
    %v3 = tensor.extract %m3[%at, %at] : tensor<2560x2560xf32>
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %is0 = arith.cmpi eq, %i, %c0 : index
    %is1 = arith.cmpi eq, %i, %c1 : index
    %is2 = arith.cmpi eq, %i, %c2 : index
    %x = arith.select %is2, %v2, %v3 : f32
    %y = arith.select %is1, %v1, %x : f32
    %z = arith.select %is0, %v0, %y : f32
    linalg.yield %z : f32
  } -> tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}
