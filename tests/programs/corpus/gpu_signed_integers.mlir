// TARGETS: wasm32 host vmvx vulkan-wasm32
// Signed integer operations on negative values. IREE's Vulkan target types every integer
// unsigned, and a SPIR-V to WGSL translation that takes signedness from the type turns each of
// these into its unsigned twin (u32 division, logical shift, abs as identity, f32(u32),
// u32(f) clamping negatives to 0); glue/wgsl translates them on signed values.
// VMVX-BUILD-DIFFERS: ops result 9: the vmvx build's fptosi rounds to nearest, away from zero
// (iree-run-module on it gives -3 -1 4 -100000 0 -8), where fptosi truncates (-2 0 3 -100000 0 -7).
// RUN: ops '6xi32=7 -7 100 -2147483647 -1 0' '6xi32=2 2 -3 3 -5 7' '6xf32=-2.75 -0.5 3.9 -1e5 0 -7.5'
func.func @ops(%a: tensor<6xi32>, %b: tensor<6xi32>, %f: tensor<6xf32>)
    -> (tensor<6xi32>, tensor<6xi32>, tensor<6xi32>, tensor<6xi32>, tensor<6xi32>,
        tensor<6xi32>, tensor<6xi32>, tensor<6xi32>, tensor<6xf32>, tensor<6xi32>) {
  %div = arith.divsi %a, %b : tensor<6xi32>
  %rem = arith.remsi %a, %b : tensor<6xi32>
  %floordiv = arith.floordivsi %a, %b : tensor<6xi32>
  %one = arith.constant dense<1> : tensor<6xi32>
  %shr = arith.shrsi %a, %one : tensor<6xi32>
  %abs = math.absi %a : tensor<6xi32>
  %min = arith.minsi %a, %b : tensor<6xi32>
  %max = arith.maxsi %a, %b : tensor<6xi32>
  %zero = arith.constant dense<0> : tensor<6xi32>
  %neg = arith.subi %zero, %a : tensor<6xi32>
  %tofloat = arith.sitofp %a : tensor<6xi32> to tensor<6xf32>
  %toint = arith.fptosi %f : tensor<6xf32> to tensor<6xi32>
  return %div, %rem, %floordiv, %shr, %abs, %min, %max, %neg, %tofloat, %toint
      : tensor<6xi32>, tensor<6xi32>, tensor<6xi32>, tensor<6xi32>, tensor<6xi32>,
        tensor<6xi32>, tensor<6xi32>, tensor<6xi32>, tensor<6xf32>, tensor<6xi32>
}
