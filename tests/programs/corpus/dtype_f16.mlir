// TARGETS: wasm32 host
// VMVX-UNSUPPORTED: iree-compile 3.13.0 cannot build 16-bit floats for vmvx (f16/bf16 arithmetic
// fails with "'vm.add.f32' op operand #0 must be 32-bit float, but got 'i32'"; arith.truncf to f16
// fails to legalize). Only the llvm-cpu builds exist; in wasm32 the kernels call the module's own
// __extendhfsf2/__truncsfhf2, which 3.13.0 emits with a mistyped float ABI (REFERENCES.md 11, the
// f16 defect); Weft's linker repairs them.
// f16 tensors: add, multiply (rounded to half precision), and widening to f32.
// RUN: f16_ops '5xf16=1 0.1 65504 -2.5 0.333' '5xf16=1 0.2 2 4 3'
func.func @f16_ops(%a: tensor<5xf16>, %b: tensor<5xf16>) -> (tensor<5xf16>, tensor<5xf16>, tensor<5xf32>) {
  %0 = arith.addf %a, %b : tensor<5xf16>
  %1 = arith.mulf %a, %b : tensor<5xf16>
  %2 = arith.extf %a : tensor<5xf16> to tensor<5xf32>
  return %0, %1, %2 : tensor<5xf16>, tensor<5xf16>, tensor<5xf32>
}
