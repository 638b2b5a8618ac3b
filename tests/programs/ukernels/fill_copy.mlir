// TARGETS: vmvx-ukernels
// vmvx microkernels without data tiling: a zero-filled matmul accumulator (fill.2d.x32) and
// strided copies of 8-, 16-, 32- and 64-bit elements (copy.2d.x*).
func.func @matmul_fill(%a: tensor<6x5xf32>, %b: tensor<5x4xf32>) -> tensor<6x4xf32> {
  %zero = arith.constant 0.0 : f32
  %init = tensor.empty() : tensor<6x4xf32>
  %fill = linalg.fill ins(%zero : f32) outs(%init : tensor<6x4xf32>) -> tensor<6x4xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<6x5xf32>, tensor<5x4xf32>) outs(%fill : tensor<6x4xf32>) -> tensor<6x4xf32>
  return %0 : tensor<6x4xf32>
}

func.func @transpose_i8(%a: tensor<5x3xi8>) -> tensor<3x5xi8> {
  %init = tensor.empty() : tensor<3x5xi8>
  %0 = linalg.transpose ins(%a : tensor<5x3xi8>) outs(%init : tensor<3x5xi8>) permutation = [1, 0]
  return %0 : tensor<3x5xi8>
}

func.func @transpose_i16(%a: tensor<5x3xi16>) -> tensor<3x5xi16> {
  %init = tensor.empty() : tensor<3x5xi16>
  %0 = linalg.transpose ins(%a : tensor<5x3xi16>) outs(%init : tensor<3x5xi16>) permutation = [1, 0]
  return %0 : tensor<3x5xi16>
}

func.func @transpose_i32(%a: tensor<5x3xi32>) -> tensor<3x5xi32> {
  %init = tensor.empty() : tensor<3x5xi32>
  %0 = linalg.transpose ins(%a : tensor<5x3xi32>) outs(%init : tensor<3x5xi32>) permutation = [1, 0]
  return %0 : tensor<3x5xi32>
}

func.func @transpose_i64(%a: tensor<5x3xi64>) -> tensor<3x5xi64> {
  %init = tensor.empty() : tensor<3x5xi64>
  %0 = linalg.transpose ins(%a : tensor<5x3xi64>) outs(%init : tensor<3x5xi64>) permutation = [1, 0]
  return %0 : tensor<3x5xi64>
}

func.func @fill_i32(%a: tensor<4x6xi32>, %b: tensor<6x6xi32>) -> tensor<4x6xi32> {
  %c = arith.constant 11 : i32
  %init = tensor.empty() : tensor<4x6xi32>
  %fill = linalg.fill ins(%c : i32) outs(%init : tensor<4x6xi32>) -> tensor<4x6xi32>
  %0 = linalg.matmul ins(%a, %b : tensor<4x6xi32>, tensor<6x6xi32>) outs(%fill : tensor<4x6xi32>) -> tensor<4x6xi32>
  return %0 : tensor<4x6xi32>
}
