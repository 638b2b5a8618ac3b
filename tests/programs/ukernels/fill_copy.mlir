// TARGETS: vmvx-ukernels
// KNOWN-GPU-DIFFERENCE: slice_offset_i32: the oracle is iree-run-module on the vmvx-ukernels build, which 3.13.0 miscompiles (row 2 where the slice starts at row 1: 12 for a[1][0]); the vulkan build computes the source's 6
// vmvx microkernels without data tiling: a zero-filled matmul accumulator (fill.2d.x32) and
// strided copies of 8-, 16-, 32- and 64-bit elements (copy.2d.x*), and two copies that 3.13.0
// miscompiles for vmvx microkernels (transpose_out_permuted_i32, slice_offset_i32).
// RUN: matmul_fill '6x5xf32=-3.0 0.5 -3.0 -2.5 2.0 3.0 0.0 1.5 -2.0 1.5 1.0 -1.0 -1.0 -2.0 0.5 1.0 -2.0 -3.0 2.5 0.0 2.5 3.0 -2.0 -1.0 -1.0 -1.5 -2.5 0.5 3.0 0.5' '5x4xf32=-1.0 0.0 3.0 0.0 -1.0 -1.5 -2.0 2.0 -1.5 -2.5 0.0 2.5 0.5 0.5 0.5 1.5 -2.0 -2.5 -1.0 -2.5'
// RUN: slice_i8 '7x6xi8=0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41'
// RUN: slice_i16 '7x6xi16=15794 -5598 24680 -15855 26285 19783 -11002 -10375 -1029 12096 21770 9595 13103 -4171 -1216 -21265 12041 -7002 26484 -18711 -25865 4850 8772 7714 -27681 22273 -16237 -15815 -18970 -25230 -21662 17796 -1682 16235 -4040 3430 -2691 8681 -19703 27544 -19097 507'
// RUN: slice_i32 '7x6xi32=-76499 -42321 37954 -50577 -68877 -54941 48214 -28405 94877 28146 -76197 -2636 74273 -92793 75647 -66697 67325 96391 62500 -1954 -60828 61430 -52545 -85314 28693 -22902 -55149 -11854 998 -15804 29988 49168 31318 -50351 23089 -74437 27801 82825 5958 -43073 -22216 -14476'
// RUN: slice_i64 '7x6xi64=-54461019433 751745103440 554926644019 964634862857 -429974763828 -994353994667 889772555667 -832192533517 -178403595247 -369690407357 -929516136513 987831625711 -52647438529 -205607554751 395172305407 -374939853696 624911123069 -939672926609 389243083610 564520949719 -289090691156 989064830839 195221931329 -755183626812 761825861357 -861538407861 721421256344 -57800671917 -432881756630 502231303798 215600737820 832712947361 967946300518 122980467141 987405662072 336042621036 822490420448 712158369879 -73912418988 -965687179339 -866553732616 263213074736'
// RUN: fill_i32 '4x6xi32=40 -7 41 -14 -17 -11 -2 -42 -4 -37 -5 12 -6 45 35 -19 29 30 31 -33 46 -42 -44 35' '6x6xi32=-29 -6 -13 23 45 -46 30 28 -29 33 -42 20 32 14 29 44 -43 -14 24 27 -8 -19 -41 -12 -28 -22 12 30 -21 -23 32 -2 32 22 46 6'
// RUN: slice_offset_i32 '7x6xi32=0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41'
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
// runtime fails it with OUT_OF_RANGE (length 92, buffer length 60); so must Weft. No RUN line:
// oracle.py treats that failure (a Python IndexError) as fatal; rt-core/tests/all/vmvx_dispatch.rs
// checks it.
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
