// TARGETS: vmvx
// FLAGS: --compile-from=vm
// vm dialect: calls the high-level pipeline would inline: recursion (fib, ackermann), an internal call
// returning several mixed-type results, vm.yield inside a loop, call.yieldable of an internal yielding
// function (NOTE: in the 3.13.0 reference any executed vm.yield makes the invocation spin forever, in
// iree-run-module and the Python API alike, so RUN lines only take the paths that do not yield), and imports from a module no context
// provides: import.resolved reports 0 for the optional imports and calling them (call, call.variadic,
// call.variadic.yieldable) fails with the reference's error.
// RUN: fib 0
// RUN: fib 1
// RUN: fib 15
// RUN: ackermann 2 3
// RUN: ackermann 3 3
// RUN: multi 7 -3
// RUN: multi -2147483648 1
// RUN: mixed_args 1 4294967296 0.5 1e300
// RUN: mixed_args -2 -3 -0.0 -0.0
// RUN: yields 0
// RUN: call_yieldable 0
// RUN: call_yieldable -3
// RUN: resolved
// RUN: call_missing 1
// RUN: call_missing_variadic 2
// RUN: call_missing_yieldable 3
// RUN: fib 10 | call_missing 1 | fib 11
vm.module public @vm_calls {
  vm.import private optional @weft_missing.scalar(%a : i32) -> i32
  vm.import private optional @weft_missing.sum(%first : i32, %rest : i32 ...) -> i32
  vm.import private optional @weft_missing.wait(%a : i32, %rest : i64 ...) -> i32 attributes {vm.yield}

  vm.func @fib(%n: i32) -> i32 {
    %c2 = vm.const.i32 2
    %small = vm.cmp.lt.i32.s %n, %c2 : i32
    vm.cond_br %small, ^base, ^rec
  ^base:
    vm.return %n : i32
  ^rec:
    %c1 = vm.const.i32 1
    %n1 = vm.sub.i32 %n, %c1 : i32
    %n2 = vm.sub.i32 %n, %c2 : i32
    %a = vm.call @fib(%n1) : (i32) -> i32
    %b = vm.call @fib(%n2) : (i32) -> i32
    %s = vm.add.i32 %a, %b : i32
    vm.return %s : i32
  }
  vm.export @fib

  vm.func @ackermann(%m: i32, %n: i32) -> i32 {
    %c1 = vm.const.i32 1
    %mz = vm.cmp.nz.i32 %m : i32
    vm.cond_br %mz, ^m_pos, ^m_zero
  ^m_zero:
    %r = vm.add.i32 %n, %c1 : i32
    vm.return %r : i32
  ^m_pos:
    %m1 = vm.sub.i32 %m, %c1 : i32
    %nz = vm.cmp.nz.i32 %n : i32
    vm.cond_br %nz, ^n_pos, ^n_zero
  ^n_zero:
    %a = vm.call @ackermann(%m1, %c1) : (i32, i32) -> i32
    vm.return %a : i32
  ^n_pos:
    %n1 = vm.sub.i32 %n, %c1 : i32
    %inner = vm.call @ackermann(%m, %n1) : (i32, i32) -> i32
    %b = vm.call @ackermann(%m1, %inner) : (i32, i32) -> i32
    vm.return %b : i32
  }
  vm.export @ackermann

  vm.func private @split(%a: i32, %b: i32) -> (i64, f32, i32, f64) {
    %a64 = vm.ext.i32.i64.s %a : i32 -> i64
    %b64 = vm.ext.i32.i64.s %b : i32 -> i64
    %p = vm.mul.i64 %a64, %b64 : i64
    %af = vm.cast.si32.f32 %a : i32 -> f32
    %bf = vm.cast.si32.f32 %b : i32 -> f32
    %q = vm.div.f32 %af, %bf : f32
    %d = vm.sub.i32 %a, %b : i32
    %pd = vm.cast.si64.f64 %p : i64 -> f64
    vm.return %p, %q, %d, %pd : i64, f32, i32, f64
  }
  // Calls @split and returns its results in a different order.
  vm.func @multi(%a: i32, %b: i32) -> (f64, i32, f32, i64) {
    %p, %q, %d, %pd = vm.call @split(%a, %b) : (i32, i32) -> (i64, f32, i32, f64)
    vm.return %pd, %d, %q, %p : f64, i32, f32, i64
  }
  vm.export @multi

  // Wide arguments into an internal call (i64/f64 occupy register pairs, interleaved with 32-bit ones).
  vm.func private @combine(%a: i32, %b: i64, %c: f32, %d: f64, %e: i32) -> (f64, i64) {
    %a64 = vm.ext.i32.i64.s %a : i32 -> i64
    %e64 = vm.ext.i32.i64.s %e : i32 -> i64
    %s = vm.add.i64 %b, %a64 : i64
    %t = vm.mul.i64 %s, %e64 : i64
    %cd = vm.ext.f32.f64 %c : f32 -> f64
    %u = vm.add.f64 %d, %cd : f64
    vm.return %u, %t : f64, i64
  }
  vm.func @mixed_args(%a: i32, %b: i64, %c: f32, %d: f64) -> (f64, i64) {
    %c3 = vm.const.i32 3
    %u, %t = vm.call @combine(%a, %b, %c, %d, %c3) : (i32, i64, f32, f64, i32) -> (f64, i64)
    vm.return %u, %t : f64, i64
  }
  vm.export @mixed_args

  // Counts to n, yielding to the caller once per iteration.
  vm.func @yields(%n: i32) -> i32 {
    %c0 = vm.const.i32.zero
    %c1 = vm.const.i32 1
    vm.br ^check(%c0 : i32)
  ^check(%i: i32):
    %more = vm.cmp.lt.i32.s %i, %n : i32
    vm.cond_br %more, ^body, ^done
  ^body:
    %next = vm.add.i32 %i, %c1 : i32
    vm.yield ^check(%next : i32)
  ^done:
    vm.return %i : i32
  }
  vm.export @yields

  vm.func @call_yieldable(%n: i32) -> i32 {
    vm.call.yieldable @yields(%n) : (i32) -> ^after (i32)
  ^after(%r: i32):
    %c100 = vm.const.i32 100
    %s = vm.add.i32 %r, %c100 : i32
    vm.return %s : i32
  }
  vm.export @call_yieldable

  vm.func @resolved() -> (i32, i32, i32) {
    %a = vm.import.resolved @weft_missing.scalar : i32
    %b = vm.import.resolved @weft_missing.sum : i32
    %c = vm.import.resolved @weft_missing.wait : i32
    vm.return %a, %b, %c : i32, i32, i32
  }
  vm.export @resolved

  vm.func @call_missing(%a: i32) -> i32 {
    %r = vm.call @weft_missing.scalar(%a) : (i32) -> i32
    vm.return %r : i32
  }
  vm.export @call_missing

  vm.func @call_missing_variadic(%a: i32) -> i32 {
    %r = vm.call.variadic @weft_missing.sum(%a, [%a, %a, %a]) : (i32, i32 ...) -> i32
    vm.return %r : i32
  }
  vm.export @call_missing_variadic

  vm.func @call_missing_yieldable(%a: i32) -> i32 {
    %t = vm.const.i64 5
    "vm.call.variadic.yieldable"(%a, %t, %t)[^after] <{callee = @weft_missing.wait, segment_sizes = dense<[-1, 2]> : vector<2xi16>, segment_types = [i32, i64], result_types = [i32]}> : (i32, i64, i64) -> ()
  ^after(%r: i32):
    vm.return %r : i32
  }
  vm.export @call_missing_yieldable
}
