// TARGETS: vmvx-ukernels
// vmvx microkernels: elementwise f32 and i32 ops on 2-d tensors, strided by a transpose.
func.func @f32_binary(%a: tensor<5x7xf32>, %b: tensor<5x7xf32>) -> (tensor<5x7xf32>, tensor<5x7xf32>, tensor<5x7xf32>, tensor<5x7xf32>) {
  %add = arith.addf %a, %b : tensor<5x7xf32>
  %sub = arith.subf %a, %b : tensor<5x7xf32>
  %mul = arith.mulf %a, %b : tensor<5x7xf32>
  %div = arith.divf %a, %b : tensor<5x7xf32>
  return %add, %sub, %mul, %div : tensor<5x7xf32>, tensor<5x7xf32>, tensor<5x7xf32>, tensor<5x7xf32>
}

func.func @f32_unary(%a: tensor<6x3xf32>) -> (tensor<6x3xf32>, tensor<6x3xf32>, tensor<6x3xf32>, tensor<6x3xf32>, tensor<6x3xf32>, tensor<6x3xf32>, tensor<6x3xf32>) {
  %abs = math.absf %a : tensor<6x3xf32>
  %ceil = math.ceil %a : tensor<6x3xf32>
  %floor = math.floor %a : tensor<6x3xf32>
  %exp = math.exp %a : tensor<6x3xf32>
  %log = math.log %abs : tensor<6x3xf32>
  %neg = arith.negf %a : tensor<6x3xf32>
  %rsqrt = math.rsqrt %abs : tensor<6x3xf32>
  return %abs, %ceil, %floor, %exp, %log, %neg, %rsqrt : tensor<6x3xf32>, tensor<6x3xf32>, tensor<6x3xf32>, tensor<6x3xf32>, tensor<6x3xf32>, tensor<6x3xf32>, tensor<6x3xf32>
}

func.func @i32_binary(%a: tensor<4x9xi32>, %b: tensor<4x9xi32>) -> (tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>) {
  %add = arith.addi %a, %b : tensor<4x9xi32>
  %sub = arith.subi %a, %b : tensor<4x9xi32>
  %mul = arith.muli %a, %b : tensor<4x9xi32>
  %and = arith.andi %a, %b : tensor<4x9xi32>
  %or = arith.ori %a, %b : tensor<4x9xi32>
  %xor = arith.xori %a, %b : tensor<4x9xi32>
  return %add, %sub, %mul, %and, %or, %xor : tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>
}

func.func @i32_shifts_div(%a: tensor<4x9xi32>, %b: tensor<4x9xi32>) -> (tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>) {
  %shl = arith.shli %a, %b : tensor<4x9xi32>
  %shrs = arith.shrsi %a, %b : tensor<4x9xi32>
  %shru = arith.shrui %a, %b : tensor<4x9xi32>
  %divs = arith.divsi %a, %b : tensor<4x9xi32>
  %divu = arith.divui %a, %b : tensor<4x9xi32>
  %ctlz = math.ctlz %a : tensor<4x9xi32>
  return %shl, %shrs, %shru, %divs, %divu, %ctlz : tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>, tensor<4x9xi32>
}

// A transposed copy (copy.2d with a non-unit stride) and its sum with the original.
func.func @transpose_add(%a: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %init = tensor.empty() : tensor<8x8xf32>
  %t = linalg.transpose ins(%a : tensor<8x8xf32>) outs(%init : tensor<8x8xf32>) permutation = [1, 0]
  %0 = arith.addf %a, %t : tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// Fills: an i32 constant-filled tensor plus an input.
func.func @fill_add(%a: tensor<3x5xi32>) -> tensor<3x5xi32> {
  %c7 = arith.constant 7 : i32
  %init = tensor.empty() : tensor<3x5xi32>
  %fill = linalg.fill ins(%c7 : i32) outs(%init : tensor<3x5xi32>) -> tensor<3x5xi32>
  %0 = arith.addi %a, %fill : tensor<3x5xi32>
  return %0 : tensor<3x5xi32>
}
