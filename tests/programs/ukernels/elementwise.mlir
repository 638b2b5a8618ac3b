// TARGETS: vmvx-ukernels
// vmvx microkernels: elementwise f32 and i32 ops on 2-d tensors, strided by a transpose.
// ULP: 1 (exp and log: the reference ukernels call glibc, Weft the libm crate)
// RUN: f32_binary '5x7xf32=2.0 -5.0 5.0 2.0 1.0 -3.5 0.5 6.5 1.5 0.0 8.0 -8.0 2.5 0.5 8.0 -7.0 4.0 3.5 3.5 3.0 5.5 -4.0 2.0 -2.5 0.5 2.0 5.5 -6.0 5.0 -1.5 0.0 -7.5 3.0 4.5 -5.5' '5x7xf32=-1.5 3.5 7.5 3.5 -7.5 5.0 1.0 -3.0 5.0 4.0 -4.5 1.5 -1.5 -0.5 -6.0 6.5 -5.5 0.5 -1.0 -7.5 7.5 0.5 6.5 6.0 6.0 4.0 -2.0 4.5 -6.0 -8.0 1.5 0.5 -6.0 5.5 -6.0'
// RUN: f32_unary '6x3xf32=16.297 -10.779 19.490 -9.886 19.186 13.294 4.582 -7.439 17.748 -15.812 -9.180 12.814 7.434 12.847 18.050 9.205 19.512 -15.572'
// RUN: i32_binary '4x9xi32=1129936399 -505559345 135162564 1799177771 815587049 847468616 -431313037 -1813787249 1574675601 -2092841923 -700220134 227748760 1325593060 749928463 758877136 148677289 1420616420 56125937 50093029 715819767 633924821 -788164269 -692047367 -305332544 1065365095 1126586201 602825688 -50200521 960057162 9572722 -1340266294 -1343163140 1190826881 -191678033 -46735225 -1291629488' '4x9xi32=572864963 -1289140809 -2091328515 286859943 -244959559 1432303667 502819360 -744477250 -683945631 -1965203542 1353539553 1282650369 832842577 -632885074 372808491 -2021468129 1556001834 326249781 132461547 -1543688219 1776944578 992189559 -1238664759 1544961868 -1638108482 322354369 61754367 -1335370255 -409794601 2093217129 -73104928 -139801288 -1553857316 -1755851302 -986138091 1761653788'
// RUN: i32_shifts_div '4x9xi32=-91509101 -1653810786 -1175236807 -1401844177 980713917 -224747646 -985297402 -1065862389 1608618010 1565696982 1263145919 -2088838712 -877148167 -1190547587 1392225384 -1977498847 306499465 1199568115 -361455695 -950219735 -1404581349 85576757 -1461054122 -819763154 2009016802 1851966578 1659903222 1406423204 -1265407837 1417373379 -1623139315 1960798359 -859809409 1415789838 -1238319781 -1301983641' '4x9xi32=11 19 3 29 26 17 29 25 7 30 17 4 21 10 23 20 31 11 26 16 10 28 25 30 10 3 26 26 11 31 18 13 13 6 28 21'
// RUN: transpose_add '8x8xf32=7.0 -6.0 -4.0 3.5 -3.5 -7.5 1.5 -3.5 4.5 3.5 -6.0 -5.5 4.0 -2.5 4.5 2.5 -0.5 3.0 -6.5 -2.5 7.0 -6.0 -6.5 3.5 -3.5 4.5 3.0 1.5 5.5 -7.5 2.0 3.0 -5.5 8.0 -1.0 -6.5 -7.5 -7.0 6.0 -6.0 1.5 4.0 2.0 3.5 2.5 6.0 -2.5 -3.0 -1.5 0.5 -1.0 -6.5 -3.0 -3.5 4.5 2.5 0.0 -7.0 -3.0 -1.0 -0.5 8.0 0.5 -1.5'
// RUN: fill_add '3x5xi32=-100 -13 51 83 100 -100 77 8 -71 57 -68 -64 12 -6 -17'
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
