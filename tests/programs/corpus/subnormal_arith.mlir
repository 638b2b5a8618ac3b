// TARGETS: wasm32 host vmvx
// KNOWN-WEFT-DIFFERENCE: mul_add: IEEE subnormals kept by design (README, Known differences): the reference runs every dispatch with flush-to-zero (and denormals-are-zero), so 1e-20 * 1e-20 prints 0; Weft's native VMVX interpreter returns 9.99995E-41
// KNOWN-WASM32-DIFFERENCE: mul_add: IEEE subnormals kept by design (README, Known differences): wasm has no flush-to-zero mode, so the wasm32 kernel returns 9.99995E-41 where the reference prints 0
// Plain multiplies and adds whose results fall below the smallest normal f32 (2^-126), next to
// ones that do not: pins where Weft's results differ from the reference's and where they agree.
// RUN: mul_add '4xf32=1e-20 3e-38 1 -2e-30' '4xf32=1e-20 0.5 1e-30 1e-10'
// RUN: mul_add '3xf32=2 0.5 -4' '3xf32=0.25 8 1e-3'
func.func @mul_add(%a: tensor<?xf32>, %b: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %m = arith.mulf %a, %b : tensor<?xf32>
  %s = arith.addf %m, %b : tensor<?xf32>
  return %m, %s : tensor<?xf32>, tensor<?xf32>
}
