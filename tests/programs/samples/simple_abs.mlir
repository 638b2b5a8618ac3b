// TARGETS: wasm32 vmvx
// Demo sample (web/index.html): absolute value of a 0-d f32 tensor, one dispatch.
// RUN: abs f32=-2.5
// RUN: abs f32=7
// RUN: abs f32=-0.0
module @simple_abs {
  func.func @abs(%x: tensor<f32>) -> tensor<f32> {
    %y = math.absf %x : tensor<f32>
    return %y : tensor<f32>
  }
}
