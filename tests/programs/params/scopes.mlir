// TARGETS: vmvx wasm32
// Parameters from several scopes in one program, each scope a file of another format, and one
// parameter named without a scope (iree-run-module --parameters=FILE): one io_parameters.load
// per scope, the unscoped one with a null scope.
// PARAMETERS: a=irpa:layer
// PARAMETERS: b=safetensors:layer
// PARAMETERS: c=gguf:layer
// PARAMETERS: safetensors:unscoped
// RUN: f '4xf32=1 2 3 4'
// RUN: f '4xf32=-0.5 0 8 1.25'
util.global private @wa = #flow.parameter.named<"a"::"weight"> : tensor<4x4xf32>
util.global private @bb = #flow.parameter.named<"b"::"bias"> : tensor<4xf32>
util.global private @wc = #flow.parameter.named<"c"::"weight"> : tensor<4x4xf32>
util.global private @off = #flow.parameter.named<"offset"> : tensor<4xf32>

// ((x * wa + bb) * wc) + off, as row vectors.
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %wa = util.global.load @wa : tensor<4x4xf32>
  %bb = util.global.load @bb : tensor<4xf32>
  %wc = util.global.load @wc : tensor<4x4xf32>
  %off = util.global.load @off : tensor<4xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %m1 = linalg.vecmat ins(%x, %wa : tensor<4xf32>, tensor<4x4xf32>) outs(%f : tensor<4xf32>) -> tensor<4xf32>
  %h = arith.addf %m1, %bb : tensor<4xf32>
  %m2 = linalg.vecmat ins(%h, %wc : tensor<4xf32>, tensor<4x4xf32>) outs(%f : tensor<4xf32>) -> tensor<4xf32>
  %y = arith.addf %m2, %off : tensor<4xf32>
  return %y : tensor<4xf32>
}
