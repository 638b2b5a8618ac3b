// TARGETS: wasm32 host vmvx
// KNOWN-WEFT-DIFFERENCE: softmax: IEEE subnormals kept by design (README, Known differences): the reference runs dispatches with flush-to-zero, so exp(-150)/sum prints 0 from every build; Weft's native VMVX interpreter returns 3.78351E-44 (the wasm32 kernel's exp underflows to 0 by itself, so the wasm32 build matches)
// Numerically stable softmax over rows in stablehlo (max, subtract, exp, sum, divide).
// ULP: 4
// RUN: softmax '3x4xf32=1 2 3 4 0 0 0 0 100 -100 50 0'
func.func @softmax(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %ninf = stablehlo.constant dense<0xFF800000> : tensor<f32>
  %zero = stablehlo.constant dense<0.0> : tensor<f32>
  %m = stablehlo.reduce(%x init: %ninf) applies stablehlo.maximum across dimensions = [1] : (tensor<3x4xf32>, tensor<f32>) -> tensor<3xf32>
  %mb = stablehlo.broadcast_in_dim %m, dims = [0] : (tensor<3xf32>) -> tensor<3x4xf32>
  %d = stablehlo.subtract %x, %mb : tensor<3x4xf32>
  %e = stablehlo.exponential %d : tensor<3x4xf32>
  %s = stablehlo.reduce(%e init: %zero) applies stablehlo.add across dimensions = [1] : (tensor<3x4xf32>, tensor<f32>) -> tensor<3xf32>
  %sb = stablehlo.broadcast_in_dim %s, dims = [0] : (tensor<3xf32>) -> tensor<3x4xf32>
  %0 = stablehlo.divide %e, %sb : tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
