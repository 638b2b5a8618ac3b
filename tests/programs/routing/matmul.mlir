// TARGETS: host
// Matrix products in the forms exporters write, routed to Weft's kernels by `weft compile`:
// dynamic shapes, with and without bias (either add order), ReLU, shapes at and just past the
// kernels' tiles (4 and 8 columns per vector tile, 64 and 128 columns per workgroup, 4 rows),
// batches, and the forms left to the compiler. glue/tests/routing.test.mjs compiles this with
// and without Weft's kernels and runs each CALL against this host build (compiler only) in the
// reference runtime; REPORT lines are what `weft compile --report` must print.
// REPORT: weft weft_kernels::bmm(tensor<?x?x?xf32>, tensor<?x?x?xf32>)
// REPORT: weft weft_kernels::linear_nt(tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xf32>)
// REPORT: weft weft_kernels::linear_nt(tensor<1x100xf32>, tensor<130x100xf32>, tensor<130xf32>)
// REPORT: weft weft_kernels::linear_nt(tensor<3x17xf32>, tensor<65x17xf32>, tensor<65xf32>)
// REPORT: weft weft_kernels::linear_nt(tensor<5x9xf32>, tensor<64x9xf32>, tensor<64xf32>)
// REPORT: weft weft_kernels::linear_nt(tensor<2x33xf32>, tensor<129x33xf32>, tensor<129xf32>)
// REPORT: weft weft_kernels::linear_nt(tensor<?x37xf32>, tensor<13x37xf32>, tensor<13xf32>)
// REPORT: weft weft_kernels::linear_packed(tensor<2x7x6xf32>, tensor<1x6x8xf32>, tensor<8xf32>)
// REPORT: compiler linalg.matmul(tensor<6x5xf16>, tensor<5x7xf16>): element types f16: Weft's matmul kernels take f32, or i8 x i8 -> i32
module @matmul {
  // Attention scores with every size dynamic (issue 19's shapes: ?x?x64 · ?x64x?).
  // CALL: @bmm_dynamic(3x5x64xf32, 3x64x9xf32)
  // CALL: @bmm_dynamic(1x1x64xf32, 1x64x1xf32)
  // CALL: @bmm_dynamic(2x4x64xf32, 2x64x65xf32)
  // CALL: @bmm_dynamic(2x7x3xf32, 2x3x128xf32)
  func.func @bmm_dynamic(%a: tensor<?x?x?xf32>, %b: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %zero = arith.constant 0.0 : f32
    %bb = tensor.dim %a, %c0 : tensor<?x?x?xf32>
    %m = tensor.dim %a, %c1 : tensor<?x?x?xf32>
    %n = tensor.dim %b, %c2 : tensor<?x?x?xf32>
    %e = tensor.empty(%bb, %m, %n) : tensor<?x?x?xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
    %r = linalg.batch_matmul ins(%a, %b : tensor<?x?x?xf32>, tensor<?x?x?xf32>) outs(%f : tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
    return %r : tensor<?x?x?xf32>
  }

  // A 2-D matmul without bias, every size dynamic.
  // CALL: @matmul_dynamic(3x8xf32, 8x9xf32)
  // CALL: @matmul_dynamic(1x1xf32, 1x1xf32)
  // CALL: @matmul_dynamic(5x31xf32, 31x129xf32)
  func.func @matmul_dynamic(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>) -> tensor<?x?xf32> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %zero = arith.constant 0.0 : f32
    %m = tensor.dim %x, %c0 : tensor<?x?xf32>
    %n = tensor.dim %w, %c1 : tensor<?x?xf32>
    %e = tensor.empty(%m, %n) : tensor<?x?xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<?x?xf32>) -> tensor<?x?xf32>
    %r = linalg.matmul ins(%x, %w : tensor<?x?xf32>, tensor<?x?xf32>) outs(%f : tensor<?x?xf32>) -> tensor<?x?xf32>
    return %r : tensor<?x?xf32>
  }

  // tf2onnx's MLP layer: MatMul without a bias add (a GEMV, N past two workgroups of 64).
  // CALL: @gemv_nobias(1x100xf32, 100x130xf32)
  func.func @gemv_nobias(%x: tensor<1x100xf32>, %w: tensor<100x130xf32>) -> tensor<1x130xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<1x130xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x130xf32>) -> tensor<1x130xf32>
    %r = linalg.matmul ins(%x, %w : tensor<1x100xf32>, tensor<100x130xf32>) outs(%f : tensor<1x130xf32>) -> tensor<1x130xf32>
    return %r : tensor<1x130xf32>
  }

  // MatMul + Add(mm, bias), N just past a workgroup's 64 columns, K odd.
  // CALL: @matmul_bias(3x17xf32, 17x65xf32, 65xf32)
  func.func @matmul_bias(%x: tensor<3x17xf32>, %w: tensor<17x65xf32>, %b: tensor<65xf32>) -> tensor<3x65xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<3x65xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<3x65xf32>) -> tensor<3x65xf32>
    %mm = linalg.matmul ins(%x, %w : tensor<3x17xf32>, tensor<17x65xf32>) outs(%f : tensor<3x65xf32>) -> tensor<3x65xf32>
    %y = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
        ins(%mm, %b : tensor<3x65xf32>, tensor<65xf32>) outs(%e : tensor<3x65xf32>) {
      ^bb0(%in: f32, %bias: f32, %out: f32):
        %s = arith.addf %in, %bias : f32
        linalg.yield %s : f32
    } -> tensor<3x65xf32>
    return %y : tensor<3x65xf32>
  }

  // Add(bias, mm) then Relu, N exactly one workgroup (64), M past the 4-row tile.
  // CALL: @bias_matmul_relu(5x9xf32, 9x64xf32, 64xf32)
  func.func @bias_matmul_relu(%x: tensor<5x9xf32>, %w: tensor<9x64xf32>, %b: tensor<64xf32>) -> tensor<5x64xf32> {
    %zero = arith.constant 0.0 : f32
    %e = tensor.empty() : tensor<5x64xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<5x64xf32>) -> tensor<5x64xf32>
    %mm = linalg.matmul ins(%x, %w : tensor<5x9xf32>, tensor<9x64xf32>) outs(%f : tensor<5x64xf32>) -> tensor<5x64xf32>
    %y = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
        ins(%b, %mm : tensor<64xf32>, tensor<5x64xf32>) outs(%e : tensor<5x64xf32>) {
      ^bb0(%bias: f32, %in: f32, %out: f32):
        %s = arith.addf %bias, %in : f32
        linalg.yield %s : f32
    } -> tensor<5x64xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
        ins(%y : tensor<5x64xf32>) outs(%e : tensor<5x64xf32>) {
      ^bb0(%in: f32, %out: f32):
        %gt = arith.cmpf ugt, %in, %zero : f32
        %v = arith.select %gt, %in, %zero : f32
        linalg.yield %v : f32
    } -> tensor<5x64xf32>
    return %r : tensor<5x64xf32>
  }

  // Gemm(transB=1) without bias: N just past a 128-column workgroup.
  // CALL: @gemm_nobias(2x33xf32, 129x33xf32)
  func.func @gemm_nobias(%x: tensor<2x33xf32>, %w: tensor<129x33xf32>) -> tensor<2x129xf32> {
    %zero = arith.constant 0.0 : f32
    %et = tensor.empty() : tensor<33x129xf32>
    %wt = linalg.transpose ins(%w : tensor<129x33xf32>) outs(%et : tensor<33x129xf32>) permutation = [1, 0]
    %e = tensor.empty() : tensor<2x129xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x129xf32>) -> tensor<2x129xf32>
    %mm = linalg.matmul ins(%x, %wt : tensor<2x33xf32>, tensor<33x129xf32>) outs(%f : tensor<2x129xf32>) -> tensor<2x129xf32>
    return %mm : tensor<2x129xf32>
  }

  // Gemm + bias + Relu with a dynamic batch of rows.
  // CALL: @gemm_bias_relu_dynamic(3x37xf32, 13x37xf32, 13xf32)
  // CALL: @gemm_bias_relu_dynamic(1x37xf32, 13x37xf32, 13xf32)
  func.func @gemm_bias_relu_dynamic(%x: tensor<?x37xf32>, %w: tensor<13x37xf32>, %b: tensor<13xf32>) -> tensor<?x13xf32> {
    %c0 = arith.constant 0 : index
    %zero = arith.constant 0.0 : f32
    %m = tensor.dim %x, %c0 : tensor<?x37xf32>
    %et = tensor.empty() : tensor<37x13xf32>
    %wt = linalg.transpose ins(%w : tensor<13x37xf32>) outs(%et : tensor<37x13xf32>) permutation = [1, 0]
    %e = tensor.empty(%m) : tensor<?x13xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<?x13xf32>) -> tensor<?x13xf32>
    %mm = linalg.matmul ins(%x, %wt : tensor<?x37xf32>, tensor<37x13xf32>) outs(%f : tensor<?x13xf32>) -> tensor<?x13xf32>
    %y = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
        ins(%mm, %b : tensor<?x13xf32>, tensor<13xf32>) outs(%e : tensor<?x13xf32>) {
      ^bb0(%in: f32, %bias: f32, %out: f32):
        %s = arith.addf %in, %bias : f32
        linalg.yield %s : f32
    } -> tensor<?x13xf32>
    %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
        ins(%y : tensor<?x13xf32>) outs(%e : tensor<?x13xf32>) {
      ^bb0(%in: f32, %out: f32):
        %gt = arith.cmpf ugt, %in, %zero : f32
        %v = arith.select %gt, %in, %zero : f32
        linalg.yield %v : f32
    } -> tensor<?x13xf32>
    return %r : tensor<?x13xf32>
  }

  // MatMul + Add on a [B,M,K] activation, W broadcast over the batch, the add as mm + bias.
  // CALL: @projection_mm_bias(2x7x6xf32, 6x8xf32, 8xf32)
  func.func @projection_mm_bias(%x: tensor<2x7x6xf32>, %w: tensor<6x8xf32>, %b: tensor<8xf32>) -> tensor<2x7x8xf32> {
    %zero = arith.constant 0.0 : f32
    %ew = tensor.empty() : tensor<2x6x8xf32>
    %wb = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%w : tensor<6x8xf32>) outs(%ew : tensor<2x6x8xf32>) {
      ^bb0(%in: f32, %out: f32):
        linalg.yield %in : f32
    } -> tensor<2x6x8xf32>
    %e = tensor.empty() : tensor<2x7x8xf32>
    %f = linalg.fill ins(%zero : f32) outs(%e : tensor<2x7x8xf32>) -> tensor<2x7x8xf32>
    %mm = linalg.batch_matmul ins(%x, %wb : tensor<2x7x6xf32>, tensor<2x6x8xf32>) outs(%f : tensor<2x7x8xf32>) -> tensor<2x7x8xf32>
    %y = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>], iterator_types = ["parallel", "parallel", "parallel"]}
        ins(%mm, %b : tensor<2x7x8xf32>, tensor<8xf32>) outs(%e : tensor<2x7x8xf32>) {
      ^bb0(%in: f32, %bias: f32, %out: f32):
        %s = arith.addf %in, %bias : f32
        linalg.yield %s : f32
    } -> tensor<2x7x8xf32>
    return %y : tensor<2x7x8xf32>
  }

  // f16: no Weft kernel takes it; left to the compiler.
  // (Not called: the test feeds f32 inputs; the report line is what this is for.)
  func.func @matmul_f16(%x: tensor<6x5xf16>, %w: tensor<5x7xf16>) -> tensor<6x7xf16> {
    %zero = arith.constant 0.0 : f16
    %e = tensor.empty() : tensor<6x7xf16>
    %f = linalg.fill ins(%zero : f16) outs(%e : tensor<6x7xf16>) -> tensor<6x7xf16>
    %r = linalg.matmul ins(%x, %w : tensor<6x5xf16>, tensor<5x7xf16>) outs(%f : tensor<6x7xf16>) -> tensor<6x7xf16>
    return %r : tensor<6x7xf16>
  }
}
