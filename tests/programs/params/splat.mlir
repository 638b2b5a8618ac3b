// TARGETS: vmvx wasm32
// Splat entries of an IREE parameter archive (no stored bytes: a repeated 4-, 2- or 1-byte
// pattern), which io_parameters.load turns into fills.
// PARAMETERS: model=irpa:splats
// RUN: read
util.global private @f = #flow.parameter.named<"model"::"f"> : tensor<4xf32>
util.global private @h = #flow.parameter.named<"model"::"h"> : tensor<4xi16>
util.global private @b = #flow.parameter.named<"model"::"b"> : tensor<4xi8>

func.func @read() -> (tensor<4xf32>, tensor<4xi16>, tensor<4xi8>) {
  %f = util.global.load @f : tensor<4xf32>
  %h = util.global.load @h : tensor<4xi16>
  %b = util.global.load @b : tensor<4xi8>
  return %f, %h, %b : tensor<4xf32>, tensor<4xi16>, tensor<4xi8>
}
