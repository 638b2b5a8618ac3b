// TARGETS: wasm32 host vmvx
// tosa.tile repeating a 2x2 tensor 2x3 times.
// RUN: tile '2x2xi32=1 2 3 4'
func.func @tile(%x: tensor<2x2xi32>) -> tensor<4x6xi32> {
  %m = "tosa.const_shape"() {values = dense<[2, 3]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %0 = tosa.tile %x, %m : (tensor<2x2xi32>, !tosa.shape<2>) -> tensor<4x6xi32>
  return %0 : tensor<4x6xi32>
}
