// Weft's transform spec (`weft compile` passes it as --iree-preprocessing-transform-spec-filename):
// routes f32 linear layers to Weft's kernel module instead of the compiler's wasm32 kernels.
//
// Pattern, as iree-import-onnx lowers ONNX Gemm(transB=1) / MatMul with bias (+ Relu):
//   transpose(W[N,K]) -> fill(0) + matmul(X[M,K], W^T) -> add bias[N] -> optional relu
// becomes one dispatch calling the external `weft_matmul_nt_f32`, which reads W in its original
// [N,K] layout (rows contiguous along K, what a dot-product kernel wants, so no transpose runs).
// The kernel is left undefined in the side module (hal.import.static + llvm.bareptr; the linker
// wrapper imports it as env.weft_matmul_nt_f32) and bound at load time by Weft's linker.
// Anything that does not match keeps the compiler's kernels.

module attributes {transform.with_named_sequence} {

  stream.executable private @weft_matmul_nt {
    // One workgroup per 32 output columns (at least one); the kernel splits N by the grid.
    stream.executable.export public @matmul_nt workgroups(%n: index) -> (index, index, index) {
      %c1 = arith.constant 1 : index
      %x = affine.apply affine_map<()[s0] -> ((s0 + 31) floordiv 32)>()[%n]
      %g = arith.maxui %x, %c1 : index
      hal.return %g, %c1, %c1 : index, index, index
    }
    builtin.module {
      // (a, a_off, b, b_off, bias, bias_off, c, c_off, batch, m, n, k, flags, wg_id, wg_count);
      // offsets in elements, flags: 1 = add bias[n], 2 = relu.
      func.func private @weft_matmul_nt_f32(memref<f32>, index, memref<f32>, index, memref<f32>, index,
          memref<f32>, index, i32, i32, i32, i32, i32, index, index) attributes {hal.import.static, llvm.bareptr = true}
      func.func @matmul_nt(%a_b: !stream.binding, %b_b: !stream.binding, %bias_b: !stream.binding, %c_b: !stream.binding,
                           %m: i32, %n: i32, %k: i32, %flags: i32) {
        %c0 = arith.constant 0 : index
        %mi = arith.index_castui %m : i32 to index
        %ni = arith.index_castui %n : i32 to index
        %ki = arith.index_castui %k : i32 to index
        %mk = arith.muli %mi, %ki : index
        %nk = arith.muli %ni, %ki : index
        %mn = arith.muli %mi, %ni : index
        %a = stream.binding.subspan %a_b[%c0] : !stream.binding -> memref<?xf32>{%mk}
        %b = stream.binding.subspan %b_b[%c0] : !stream.binding -> memref<?xf32>{%nk}
        %bias = stream.binding.subspan %bias_b[%c0] : !stream.binding -> memref<?xf32>{%ni}
        %c = stream.binding.subspan %c_b[%c0] : !stream.binding -> memref<?xf32>{%mn}
        %pa, %oa, %sa, %ta = iree_codegen.extract_strided_metadata %a : memref<?xf32> -> memref<f32>, index, index, index
        %pb, %ob, %sb, %tb = iree_codegen.extract_strided_metadata %b : memref<?xf32> -> memref<f32>, index, index, index
        %pz, %oz, %sz, %tz = iree_codegen.extract_strided_metadata %bias : memref<?xf32> -> memref<f32>, index, index, index
        %pc, %oc, %sc, %tc = iree_codegen.extract_strided_metadata %c : memref<?xf32> -> memref<f32>, index, index, index
        %id = stream.dispatch.workgroup.id[0] : index
        %count = stream.dispatch.workgroup.count[0] : index
        %batch = arith.constant 1 : i32
        func.call @weft_matmul_nt_f32(%pa, %oa, %pb, %ob, %pz, %oz, %pc, %oc, %batch, %m, %n, %k, %flags, %id, %count)
          : (memref<f32>, index, memref<f32>, index, memref<f32>, index, memref<f32>, index, i32, i32, i32, i32, i32, index, index) -> ()
        return
      }
    }
  }

  util.func private @weft_linear_f32(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>, %bias: tensor<?xf32>, %flags: i32) -> tensor<?x?xf32> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %m = tensor.dim %x, %c0 : tensor<?x?xf32>
    %k = tensor.dim %x, %c1 : tensor<?x?xf32>
    %n = tensor.dim %w, %c0 : tensor<?x?xf32>
    %m32 = arith.index_cast %m : index to i32
    %n32 = arith.index_cast %n : index to i32
    %k32 = arith.index_cast %k : index to i32
    %y = flow.dispatch @weft_matmul_nt::@matmul_nt[%n](%x, %w, %bias, %m32, %n32, %k32, %flags)
      : (tensor<?x?xf32>{%m, %k}, tensor<?x?xf32>{%n, %k}, tensor<?xf32>{%n}, i32, i32, i32, i32) -> tensor<?x?xf32>{%m, %n}
    util.return %y : tensor<?x?xf32>
  }
  util.func private @weft_linear_bias_f32(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>, %bias: tensor<?xf32>) -> tensor<?x?xf32> {
    %flags = arith.constant 1 : i32
    %y = util.call @weft_linear_f32(%x, %w, %bias, %flags) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xf32>, i32) -> tensor<?x?xf32>
    util.return %y : tensor<?x?xf32>
  }
  util.func private @weft_linear_bias_relu_f32(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>, %bias: tensor<?xf32>) -> tensor<?x?xf32> {
    %flags = arith.constant 3 : i32
    %y = util.call @weft_linear_f32(%x, %w, %bias, %flags) : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xf32>, i32) -> tensor<?x?xf32>
    util.return %y : tensor<?x?xf32>
  }

  transform.named_sequence @match_linear_bias_relu(%root: !transform.any_op {transform.readonly}) -> (!transform.any_value, !transform.any_value) {
    %ins, %outs = transform.iree.match.cast_compatible_dag_from_root %root {
      ^bb0(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>, %bias: tensor<?xf32>):
        %cst = arith.constant 0.000000e+00 : f32
        // Only the names of the empties are compared; their sizes follow from the operands.
        %c0 = arith.constant 0 : index
        %c1 = arith.constant 1 : index
        %m = tensor.dim %x, %c0 : tensor<?x?xf32>
        %k = tensor.dim %x, %c1 : tensor<?x?xf32>
        %n = tensor.dim %w, %c0 : tensor<?x?xf32>
        %e = tensor.empty(%m, %n) {"match.operation_name_only"} : tensor<?x?xf32>
        %et = tensor.empty(%k, %n) {"match.operation_name_only"} : tensor<?x?xf32>
        %wt = linalg.transpose ins(%w : tensor<?x?xf32>) outs(%et : tensor<?x?xf32>) permutation = [1, 0]
        %fill = linalg.fill ins(%cst : f32) outs(%e : tensor<?x?xf32>) -> tensor<?x?xf32>
        %mm = linalg.matmul ins(%x, %wt : tensor<?x?xf32>, tensor<?x?xf32>) outs(%fill : tensor<?x?xf32>) -> tensor<?x?xf32>
        %biased = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
            ins(%mm, %bias : tensor<?x?xf32>, tensor<?xf32>) outs(%e : tensor<?x?xf32>) {
          ^bb0(%in: f32, %b: f32, %out: f32):
            %s = arith.addf %in, %b : f32
            linalg.yield %s : f32
        } -> tensor<?x?xf32>
        %relu = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
            ins(%biased : tensor<?x?xf32>) outs(%e : tensor<?x?xf32>) {
          ^bb0(%in: f32, %out: f32):
            %gt = arith.cmpf ugt, %in, %cst : f32
            %r = arith.select %gt, %in, %cst : f32
            linalg.yield %r : f32
        } -> tensor<?x?xf32>
    } : (!transform.any_op) -> (!transform.any_value, !transform.any_value)
    transform.yield %ins, %outs : !transform.any_value, !transform.any_value
  }

  transform.named_sequence @match_linear_bias(%root: !transform.any_op {transform.readonly}) -> (!transform.any_value, !transform.any_value) {
    %ins, %outs = transform.iree.match.cast_compatible_dag_from_root %root {
      ^bb0(%x: tensor<?x?xf32>, %w: tensor<?x?xf32>, %bias: tensor<?xf32>):
        %cst = arith.constant 0.000000e+00 : f32
        // Only the names of the empties are compared; their sizes follow from the operands.
        %c0 = arith.constant 0 : index
        %c1 = arith.constant 1 : index
        %m = tensor.dim %x, %c0 : tensor<?x?xf32>
        %k = tensor.dim %x, %c1 : tensor<?x?xf32>
        %n = tensor.dim %w, %c0 : tensor<?x?xf32>
        %e = tensor.empty(%m, %n) {"match.operation_name_only"} : tensor<?x?xf32>
        %et = tensor.empty(%k, %n) {"match.operation_name_only"} : tensor<?x?xf32>
        %wt = linalg.transpose ins(%w : tensor<?x?xf32>) outs(%et : tensor<?x?xf32>) permutation = [1, 0]
        %fill = linalg.fill ins(%cst : f32) outs(%e : tensor<?x?xf32>) -> tensor<?x?xf32>
        %mm = linalg.matmul ins(%x, %wt : tensor<?x?xf32>, tensor<?x?xf32>) outs(%fill : tensor<?x?xf32>) -> tensor<?x?xf32>
        %biased = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]}
            ins(%mm, %bias : tensor<?x?xf32>, tensor<?xf32>) outs(%e : tensor<?x?xf32>) {
          ^bb0(%in: f32, %b: f32, %out: f32):
            %s = arith.addf %in, %b : f32
            linalg.yield %s : f32
        } -> tensor<?x?xf32>
    } : (!transform.any_op) -> (!transform.any_value, !transform.any_value)
    transform.yield %ins, %outs : !transform.any_value, !transform.any_value
  }

  transform.named_sequence @call_linear_bias_relu(%ins: !transform.any_value {transform.readonly}, %out: !transform.any_value {transform.readonly}) {
    %root = transform.get_defining_op %out : (!transform.any_value) -> !transform.any_op
    %module = transform.util.get_nearest_symbol_table %root : (!transform.any_op) -> !transform.any_op
    %ex = transform.util.import_symbol @weft_matmul_nt into %module if undefined : (!transform.any_op) -> !transform.any_op
    %f0 = transform.util.import_symbol @weft_linear_f32 into %module if undefined : (!transform.any_op) -> !transform.any_op
    %f = transform.util.import_symbol @weft_linear_bias_relu_f32 into %module if undefined : (!transform.any_op) -> !transform.any_op
    transform.util.cast_and_call %f(%ins) -> %out after %root {
      transform.type_conversion.tensor.cast_shape_dynamic_dims
    } : (!transform.any_op, !transform.any_value, !transform.any_value, !transform.any_op) -> !transform.any_op
    transform.yield
  }

  transform.named_sequence @call_linear_bias(%ins: !transform.any_value {transform.readonly}, %out: !transform.any_value {transform.readonly}) {
    %root = transform.get_defining_op %out : (!transform.any_value) -> !transform.any_op
    %module = transform.util.get_nearest_symbol_table %root : (!transform.any_op) -> !transform.any_op
    %ex = transform.util.import_symbol @weft_matmul_nt into %module if undefined : (!transform.any_op) -> !transform.any_op
    %f0 = transform.util.import_symbol @weft_linear_f32 into %module if undefined : (!transform.any_op) -> !transform.any_op
    %f = transform.util.import_symbol @weft_linear_bias_f32 into %module if undefined : (!transform.any_op) -> !transform.any_op
    transform.util.cast_and_call %f(%ins) -> %out after %root {
      transform.type_conversion.tensor.cast_shape_dynamic_dims
    } : (!transform.any_op, !transform.any_value, !transform.any_value, !transform.any_op) -> !transform.any_op
    transform.yield
  }

  transform.named_sequence @__transform_main(%module: !transform.any_op) {
    %funcs = transform.structured.match ops{["util.func"]} in %module : (!transform.any_op) -> !transform.any_op
    // Longest pattern first, in its own walk: otherwise the bias add inside a relu chain would
    // match the shorter pattern first and leave the relu to a separate dispatch.
    transform.foreach %funcs : !transform.any_op {
      ^bb1(%func: !transform.any_op):
        transform.foreach_match in %func @match_linear_bias_relu -> @call_linear_bias_relu : (!transform.any_op) -> (!transform.any_op)
    }
    transform.apply_dce to %module : !transform.any_op
    %funcs2 = transform.structured.match ops{["util.func"]} in %module : (!transform.any_op) -> !transform.any_op
    transform.foreach %funcs2 : !transform.any_op {
      ^bb1(%func: !transform.any_op):
        transform.foreach_match in %func @match_linear_bias -> @call_linear_bias : (!transform.any_op) -> (!transform.any_op)
    }
    transform.apply_dce to %module : !transform.any_op
    transform.yield
  }
}
