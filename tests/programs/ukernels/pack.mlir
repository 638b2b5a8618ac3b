// TARGETS: vmvx-ukernels
// vmvx microkernels: explicit linalg.pack / linalg.unpack (f32, i32, i8), with padding and
// inner/outer transposes.
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
