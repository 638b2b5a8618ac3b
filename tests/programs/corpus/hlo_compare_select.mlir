// TARGETS: wasm32 host vmvx
// stablehlo.compare (GT, EQ) and select: elementwise max by hand, and an equality mask as i1.
// RUN: compare_select '5xf32=1 5 -2 3 0' '5xf32=2 4 -2 3.5 -0.0'
func.func @compare_select(%a: tensor<5xf32>, %b: tensor<5xf32>) -> (tensor<5xf32>, tensor<5xi1>) {
  %gt = stablehlo.compare GT, %a, %b : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xi1>
  %eq = stablehlo.compare EQ, %a, %b : (tensor<5xf32>, tensor<5xf32>) -> tensor<5xi1>
  %0 = stablehlo.select %gt, %a, %b : tensor<5xi1>, tensor<5xf32>
  return %0, %eq : tensor<5xf32>, tensor<5xi1>
}
