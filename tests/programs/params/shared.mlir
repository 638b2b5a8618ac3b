// TARGETS: vmvx wasm32
// One parameter read by several globals: `table` whole, and slices of it at byte offsets 16 and
// 48 (`{offset = N}`, the span's parameter offset); `dup` by two globals. Two files serve scope
// `model`: `dup` is in both and the first file's value wins; `extra` is only in the second.
// PARAMETERS: model=irpa:shared_first
// PARAMETERS: model=safetensors:shared_second
// RUN: read
util.global private @table = #flow.parameter.named<"model"::"table"> : tensor<16xf32>
util.global private @row1 = #flow.parameter.named<"model"::"table", {offset = 16 : i64}> : tensor<4xf32>
util.global private @row3 = #flow.parameter.named<"model"::"table", {offset = 48 : i64}> : tensor<4xf32>
util.global private @dup1 = #flow.parameter.named<"model"::"dup"> : tensor<4xf32>
util.global private @dup2 = #flow.parameter.named<"model"::"dup"> : tensor<4xf32>
util.global private @extra = #flow.parameter.named<"model"::"extra"> : tensor<4xf32>

func.func @read() -> (tensor<16xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %table = util.global.load @table : tensor<16xf32>
  %row1 = util.global.load @row1 : tensor<4xf32>
  %row3 = util.global.load @row3 : tensor<4xf32>
  %dup1 = util.global.load @dup1 : tensor<4xf32>
  %dup2 = util.global.load @dup2 : tensor<4xf32>
  %extra = util.global.load @extra : tensor<4xf32>
  %rows = arith.subf %row3, %row1 : tensor<4xf32>
  %dups = arith.addf %dup1, %dup2 : tensor<4xf32>
  return %table, %rows, %dups, %extra : tensor<16xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
