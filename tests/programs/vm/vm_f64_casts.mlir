// TARGETS: vmvx
// FLAGS: --compile-from=vm
// vm dialect: f64 conversions the arith lowering cannot produce: trunc.f64.f32, cast.f64.si64/ui64, and
// const.f64.zero. (cast.si32.f64, cast.ui32.f64, cast.f64.si32 and cast.f64.ui32 exist in the ISA but
// have no vm dialect op in 3.13.0.) The reference rounds f64->int casts to nearest (llround).
// RUN: narrow 0.1
// RUN: narrow 1e300
// RUN: narrow -1e-300
// RUN: narrow 3.4028235677973366e38
// RUN: narrow 3.4028235677973362e38
// RUN: narrow -0.0
// RUN: narrow nan
// RUN: narrow -inf
// RUN: to_int 2.5
// RUN: to_int -2.5
// RUN: to_int 0.49999999999999994
// RUN: to_int -1e10
// RUN: to_int 9.2233720368547758e18
// RUN: to_int 1.8446744073709552e19
// RUN: to_int 1e30
// RUN: to_int nan
// RUN: to_int -0.0
// RUN: zero_or 0 1.5
// RUN: zero_or 1 1.5
vm.module public @vm_f64_casts {
  vm.func @narrow(%a: f64) -> f32 {
    %r = vm.trunc.f64.f32 %a : f64 -> f32
    vm.return %r : f32
  }
  vm.export @narrow
  vm.func @to_int(%a: f64) -> (i64, i64) {
    %s = vm.cast.f64.si64 %a : f64 -> i64
    %u = vm.cast.f64.ui64 %a : f64 -> i64
    vm.return %s, %u : i64, i64
  }
  vm.export @to_int
  vm.func @zero_or(%c: i32, %a: f64) -> f64 {
    %z = vm.const.f64.zero
    %r = vm.select.f64 %c, %a, %z : f64
    vm.return %r : f64
  }
  vm.export @zero_or
}
