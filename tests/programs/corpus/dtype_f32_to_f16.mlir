// TARGETS: wasm32 host
// VMVX-UNSUPPORTED: iree-compile 3.13.0 cannot build 16-bit floats for vmvx (f16/bf16 arithmetic
// fails with "'vm.add.f32' op operand #0 must be 32-bit float, but got 'i32'"; arith.truncf to f16
// fails to legalize). Only the llvm-cpu builds exist; in wasm32 the kernels call the module's own
// __extendhfsf2/__truncsfhf2, which 3.13.0 emits with a mistyped float ABI (REFERENCES.md 11, the
// f16 defect); Weft's linker repairs them.
// Narrowing f32 to f16 and bf16 (round to nearest even; overflow to inf) and back; the bf16 values are
// returned widened to f32 (numpy, and so the oracle, has no bf16).
// RUN: narrow '6xf32=1.0009765625 0.1 70000 -1e-8 3.14159 65519'
func.func @narrow(%x: tensor<6xf32>) -> (tensor<6xf16>, tensor<6xf32>, tensor<6xf32>) {
  %0 = arith.truncf %x : tensor<6xf32> to tensor<6xf16>
  %b = arith.truncf %x : tensor<6xf32> to tensor<6xbf16>
  %1 = arith.extf %b : tensor<6xbf16> to tensor<6xf32>
  %2 = arith.extf %0 : tensor<6xf16> to tensor<6xf32>
  return %0, %1, %2 : tensor<6xf16>, tensor<6xf32>, tensor<6xf32>
}
