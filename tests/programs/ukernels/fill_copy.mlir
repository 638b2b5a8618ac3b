// TARGETS: vmvx-ukernels
// vmvx microkernels without data tiling: a zero-filled matmul accumulator (fill.2d.x32) and
// strided copies of 8-, 16-, 32- and 64-bit elements (copy.2d.x*), and two copies that 3.13.0
// miscompiles for vmvx microkernels (transpose_out_permuted_i32, slice_offset_i32).
func.func @matmul_fill(%a: tensor<6x5xf32>, %b: tensor<5x4xf32>) -> tensor<6x4xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<6x4xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%init : tensor<6x4xf32>) -> tensor<6x4xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<6x5xf32>, tensor<5x4xf32>) outs(%fill : tensor<6x4xf32>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

// Every other row and column: a strided 2-d copy.
func.func @slice_i8(%a: tensor<7x6xi8>) -> tensor<3x3xi8> {
  %0 = tensor.extract_slice %a[0, 0] [3, 3] [2, 2] : tensor<7x6xi8> to tensor<3x3xi8>
  return %0 : tensor<3x3xi8>
}

// Every other row and column: a strided 2-d copy.
func.func @slice_i16(%a: tensor<7x6xi16>) -> tensor<3x3xi16> {
  %0 = tensor.extract_slice %a[0, 0] [3, 3] [2, 2] : tensor<7x6xi16> to tensor<3x3xi16>
  return %0 : tensor<3x3xi16>
}

// Every other row and column: a strided 2-d copy.
func.func @slice_i32(%a: tensor<7x6xi32>) -> tensor<3x3xi32> {
  %0 = tensor.extract_slice %a[0, 0] [3, 3] [2, 2] : tensor<7x6xi32> to tensor<3x3xi32>
  return %0 : tensor<3x3xi32>
}

// Every other row and column: a strided 2-d copy.
func.func @slice_i64(%a: tensor<7x6xi64>) -> tensor<3x3xi64> {
  %0 = tensor.extract_slice %a[0, 0] [3, 3] [2, 2] : tensor<7x6xi64> to tensor<3x3xi64>
  return %0 : tensor<3x3xi64>
}

// linalg.transpose puts the permutation on the output's indexing map; 3.13.0's VMVX
// microkernel lowering then permutes the output strides but not the sizes, so copy.2d.x32 is
// called with sizes [3, 5] and strides [1, 5] and reaches past the 60-byte output. The reference
// runtime fails it with OUT_OF_RANGE (length 92, buffer length 60); so must Weft.
func.func @transpose_out_permuted_i32(%a: tensor<5x3xi32>) -> tensor<3x5xi32> {
  %init = tensor.empty() : tensor<3x5xi32>
  %0 = linalg.transpose ins(%a : tensor<5x3xi32>) outs(%init : tensor<3x5xi32>) permutation = [1, 0]
  return %0 : tensor<3x5xi32>
}

func.func @fill_i32(%a: tensor<4x6xi32>, %b: tensor<6x6xi32>) -> tensor<4x6xi32> {
  %c = arith.constant 11 : i32
  %init = tensor.empty() : tensor<4x6xi32>
  %fill = linalg.fill ins(%c : i32) outs(%init : tensor<4x6xi32>) -> tensor<4x6xi32>
  %0 = linalg.matmul ins(%a, %b : tensor<4x6xi32>, tensor<6x6xi32>) outs(%fill : tensor<4x6xi32>) -> tensor<4x6xi32>
  return %0 : tensor<4x6xi32>
}

// The same strided slice from [1, 0]: 3.13.0's VMVX microkernel lowering passes the copy an
// element offset of 12 (the offset scaled by the slice stride) instead of 6, so the reference
// runtime returns rows 2, 4 and 6 instead of 1, 3 and 5 (the plain vmvx target returns rows 1,
// 3, 5). Weft computes what the reference runtime computes.
func.func @slice_offset_i32(%a: tensor<7x6xi32>) -> tensor<3x3xi32> {
  %0 = tensor.extract_slice %a[1, 0] [3, 3] [2, 2] : tensor<7x6xi32> to tensor<3x3xi32>
  return %0 : tensor<3x3xi32>
}
