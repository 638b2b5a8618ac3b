// TARGETS: wasm32 host
// VMVX-UNSUPPORTED: iree-compile 3.13.0 cannot build 16-bit floats for vmvx (f16/bf16 arithmetic
// fails with "'vm.add.f32' op operand #0 must be 32-bit float, but got 'i32'"; arith.truncf to f16
// fails to legalize). Only the llvm-cpu builds (wasm32, host) exist.
// bf16 arithmetic: f32 inputs narrowed to bf16, added and multiplied (rounded to bfloat16), results
// widened back to f32 (the oracle can neither pass nor read bf16 tensors: numpy has no bf16).
// RUN: bf16_ops '5xf32=1 0.1 3e38 -2.5 0.333' '5xf32=1 0.2 2 4 3'
func.func @bf16_ops(%af: tensor<5xf32>, %bf: tensor<5xf32>) -> (tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) {
  %a = arith.truncf %af : tensor<5xf32> to tensor<5xbf16>
  %b = arith.truncf %bf : tensor<5xf32> to tensor<5xbf16>
  %s = arith.addf %a, %b : tensor<5xbf16>
  %p = arith.mulf %a, %b : tensor<5xbf16>
  %0 = arith.extf %s : tensor<5xbf16> to tensor<5xf32>
  %1 = arith.extf %p : tensor<5xbf16> to tensor<5xf32>
  %2 = arith.extf %a : tensor<5xbf16> to tensor<5xf32>
  return %0, %1, %2 : tensor<5xf32>, tensor<5xf32>, tensor<5xf32>
}
