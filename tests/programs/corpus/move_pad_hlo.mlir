// TARGETS: wasm32 host vmvx
// stablehlo.pad with low, high and interior padding, and a negative (cropping) high pad.
// RUN: pads '2x3xf32=1 2 3 4 5 6' 0.5
func.func @pads(%x: tensor<2x3xf32>, %v: f32) -> (tensor<5x7xf32>, tensor<3x2xf32>) {
  %pv = tensor.from_elements %v : tensor<f32>
  %0 = stablehlo.pad %x, %pv, low = [1, 0], high = [1, 2], interior = [1, 1] : (tensor<2x3xf32>, tensor<f32>) -> tensor<5x7xf32>
  %1 = stablehlo.pad %x, %pv, low = [1, 0], high = [0, -1], interior = [0, 0] : (tensor<2x3xf32>, tensor<f32>) -> tensor<3x2xf32>
  return %0, %1 : tensor<5x7xf32>, tensor<3x2xf32>
}
