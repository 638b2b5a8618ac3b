// TARGETS: vmvx wasm32
// Mutable globals initialised from parameters: the compiler packs them into one buffer and fills
// it with io_parameters.gather, once per scope (`state` from an archive, `other` from
// safetensors); calls then update the state.
// PARAMETERS: state=irpa:state
// PARAMETERS: other=safetensors:layer
// RUN: step '4xf32=1 1 1 1'
// RUN: step '4xf32=1 1 1 1' | step '4xf32=0.5 -1 2 0' | step '4xf32=1 1 1 1'
util.global private mutable @acc = #flow.parameter.named<"state"::"acc"> : tensor<4xf32>
util.global private mutable @count = #flow.parameter.named<"state"::"count"> : tensor<1xi32>
util.global private mutable @bias = #flow.parameter.named<"other"::"bias"> : tensor<4xf32>

func.func @step(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<1xi32>, tensor<4xf32>) {
  %acc = util.global.load @acc : tensor<4xf32>
  %count = util.global.load @count : tensor<1xi32>
  %bias = util.global.load @bias : tensor<4xf32>
  %sum = arith.addf %acc, %x : tensor<4xf32>
  %one = arith.constant dense<1> : tensor<1xi32>
  %next = arith.addi %count, %one : tensor<1xi32>
  %scaled = arith.mulf %bias, %x : tensor<4xf32>
  util.global.store %sum, @acc : tensor<4xf32>
  util.global.store %next, @count : tensor<1xi32>
  util.global.store %scaled, @bias : tensor<4xf32>
  return %sum, %next, %scaled : tensor<4xf32>, tensor<1xi32>, tensor<4xf32>
}
