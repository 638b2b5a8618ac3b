// TARGETS: vmvx
// Parameter files the reference runtime refuses, and so must Weft, each run with its own:
// files cut short (inside the data or the header) or with a wrong magic, a parameter smaller
// than its global, a key or a scope that no file has, a GGUF tensor type IREE 3.13.0 does not
// read. rt-core's params test checks Weft's message for each (scope, key and file named).
// EXPECT: load-error
// RUN: --parameters=model=irpa:vector:truncated get
// RUN: --parameters=model=safetensors:vector:truncated get
// RUN: --parameters=model=gguf:vector:truncated get
// RUN: --parameters=model=irpa:vector:bad-magic get
// RUN: --parameters=model=irpa:vector:short-header get
// RUN: --parameters=model=safetensors:vector:short-header get
// RUN: --parameters=model=gguf:vector:short-header get
// RUN: --parameters=model=safetensors:short_vector get
// RUN: --parameters=model=irpa:layer get
// RUN: --parameters=other=irpa:vector get
// RUN: --parameters=model=gguf:counts get
util.global private @v = #flow.parameter.named<"model"::"v"> : tensor<4xf32>

func.func @get() -> tensor<4xf32> {
  %v = util.global.load @v : tensor<4xf32>
  return %v : tensor<4xf32>
}
