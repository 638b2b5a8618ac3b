// TARGETS: vmvx-ukernels
// VULKAN-UNSUPPORTED: iree-compile 3.13.0 fails for vulkan with "'func.func' op failed to tile
// to invocations" on the explicit linalg.pack/unpack with padding.
// vmvx microkernels: explicit linalg.pack / linalg.unpack (f32, i32, i8), with padding and
// inner/outer transposes.
// RUN: pack_f32 '7x10xf32=-5.5 8.0 7.5 8.5 5.0 -9.0 0.5 -5.5 1.0 -5.5 5.5 8.0 -7.5 -6.0 -2.0 -2.0 -4.5 1.5 -3.5 3.0 2.5 4.5 -3.0 6.0 7.5 -5.0 5.5 3.5 -8.0 7.0 -5.0 -6.0 3.5 -6.0 -3.5 -6.0 -3.0 7.5 2.0 3.5 -7.5 5.5 -8.0 -8.5 -4.0 -5.0 -2.5 8.0 3.5 3.5 1.5 -2.5 -1.0 -2.0 -5.0 6.5 0.0 3.5 1.0 1.0 -8.0 -7.0 -3.0 2.5 -5.5 -7.5 -7.5 4.5 -3.0 6.5'
// RUN: pack_i8_transposed '9x5xi8=-92 114 -91 -65 -42 10 -13 -8 59 -91 85 45 59 -110 80 -120 -75 38 1 -17 -73 70 -89 -107 -29 -116 -54 -38 51 -128 -48 -73 53 -47 -128 60 -68 -85 11 -58 0 -69 -20 19 -69'
// RUN: pack_i32_inner_transposed '6x6xi32=162 -964 763 82 -728 661 -562 42 -176 510 303 -866 691 -535 -233 637 -730 499 -767 852 474 -733 -622 -642 928 -558 437 658 643 69 814 361 417 -227 -581 1'
// RUN: unpack_f32 '2x3x4x4xf32=8.0 5.5 6.5 3.5 -8.0 0.0 -9.0 2.5 0.5 -4.0 0.0 3.0 7.5 1.0 0.0 -4.5 -1.0 -5.0 5.0 4.5 -0.5 -7.0 -4.0 6.5 0.5 -1.0 5.0 3.5 3.5 -8.0 -0.5 5.5 -6.5 -2.0 -2.0 3.5 -7.5 2.5 1.5 -8.5 0.0 9.0 3.5 2.5 5.5 -9.0 9.0 4.0 -7.5 1.5 4.5 -1.0 -2.0 -2.0 -2.5 7.0 5.5 -4.0 3.0 8.0 6.0 5.5 -6.0 -9.0 3.5 0.0 -1.0 0.0 3.5 0.5 -8.0 -1.5 5.5 -3.5 -8.5 1.0 4.0 8.0 -1.5 -5.0 4.0 3.0 -9.0 6.0 1.5 3.0 7.0 3.0 2.0 -6.5 4.0 0.5 8.0 -7.5 6.5 8.5'
// RUN: unpack_i32_transposed '3x2x2x4xi32=73 -642 -909 354 937 822 -491 172 -118 -650 650 -630 -931 189 282 91 814 -96 -161 174 -320 -492 486 867 470 262 19 -819 -770 -987 -947 594 164 60 225 609 23 -166 370 -955 -940 -640 550 43 663 -739 -658 753'
func.func @pack_f32(%a: tensor<7x10xf32>) -> tensor<2x3x4x4xf32> {
  %pad = arith.constant -1.5 : f32
  %init = tensor.empty() : tensor<2x3x4x4xf32>
  %0 = linalg.pack %a padding_value(%pad : f32) inner_dims_pos = [0, 1] inner_tiles = [4, 4] into %init : tensor<7x10xf32> -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

func.func @pack_i8_transposed(%a: tensor<9x5xi8>) -> tensor<3x3x2x4xi8> {
  %pad = arith.constant 3 : i8
  %init = tensor.empty() : tensor<3x3x2x4xi8>
  %0 = linalg.pack %a padding_value(%pad : i8) outer_dims_perm = [1, 0] inner_dims_pos = [1, 0] inner_tiles = [2, 4] into %init : tensor<9x5xi8> -> tensor<3x3x2x4xi8>
  return %0 : tensor<3x3x2x4xi8>
}

func.func @pack_i32_inner_transposed(%a: tensor<6x6xi32>) -> tensor<2x3x2x3xi32> {
  %init = tensor.empty() : tensor<2x3x2x3xi32>
  %0 = linalg.pack %a inner_dims_pos = [1, 0] inner_tiles = [2, 3] into %init : tensor<6x6xi32> -> tensor<2x3x2x3xi32>
  return %0 : tensor<2x3x2x3xi32>
}

func.func @unpack_f32(%a: tensor<2x3x4x4xf32>) -> tensor<7x10xf32> {
  %init = tensor.empty() : tensor<7x10xf32>
  %0 = linalg.unpack %a inner_dims_pos = [0, 1] inner_tiles = [4, 4] into %init : tensor<2x3x4x4xf32> -> tensor<7x10xf32>
  return %0 : tensor<7x10xf32>
}

func.func @unpack_i32_transposed(%a: tensor<3x2x2x4xi32>) -> tensor<8x5xi32> {
  %init = tensor.empty() : tensor<8x5xi32>
  %0 = linalg.unpack %a outer_dims_perm = [1, 0] inner_dims_pos = [1, 0] inner_tiles = [2, 4] into %init : tensor<3x2x2x4xi32> -> tensor<8x5xi32>
  return %0 : tensor<8x5xi32>
}
