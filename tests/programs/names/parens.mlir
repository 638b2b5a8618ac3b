// TARGETS: wasm32 host
// A function whose name holds parentheses (MLIR quotes it: @"scale(x)"); its
// iree.abi.declaration then reads `func @scale(x)(%input0: ...)`, which Weft must still parse.
// RUN: scale(x) '3xf32=1 -2 0.5'
module @names {
  func.func @"scale(x)"(%x: tensor<3xf32>) -> tensor<3xf32> {
    %two = arith.constant dense<2.0> : tensor<3xf32>
    %y = arith.mulf %x, %two : tensor<3xf32>
    return %y : tensor<3xf32>
  }
}
