// TARGETS: wasm32 host vmvx
// stablehlo.case with three branches selected by an index (out-of-range selects the last).
// RUN: branch i32=0 '3xi32=1 2 3'
// RUN: branch i32=1 '3xi32=1 2 3'
// RUN: branch i32=7 '3xi32=1 2 3'
func.func @branch(%i: tensor<i32>, %x: tensor<3xi32>) -> tensor<3xi32> {
  %0 = "stablehlo.case"(%i) ({
    %a = stablehlo.add %x, %x : tensor<3xi32>
    stablehlo.return %a : tensor<3xi32>
  }, {
    %m = stablehlo.multiply %x, %x : tensor<3xi32>
    stablehlo.return %m : tensor<3xi32>
  }, {
    %n = stablehlo.negate %x : tensor<3xi32>
    stablehlo.return %n : tensor<3xi32>
  }) : (tensor<i32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}
