// TARGETS: vmvx wasm32
// flow.parameter.write: a call writes its input into parameter `v` at byte offset 4 with
// io_parameters.scatter. iree-run-module opens parameter files read-only, so the write is
// refused (PERMISSION_DENIED) there and in Weft alike; rt-core's params test writes into a
// writable copy and compares the file with the reference runtime's.
// PARAMETERS: model=irpa:vector
// RUN: write '3xf32=7 8 9'
func.func @write(%x: tensor<3xf32>) -> tensor<3xf32> {
  %offset = arith.constant 4 : i64
  %scope = util.buffer.constant : !util.buffer = "model"
  %key = util.buffer.constant : !util.buffer = "v"
  %written = flow.parameter.write %x -> %scope::%key[%offset] : tensor<3xf32>
  return %written : tensor<3xf32>
}
