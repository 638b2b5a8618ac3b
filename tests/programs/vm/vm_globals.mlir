// TARGETS: vmvx
// FLAGS: --compile-from=vm
// Written in the vm dialect (iree-compile --compile-from=vm serializes it): globals of every type accessed
// directly and through addresses (global.load/store.indirect.*; vm.global.address is not serializable, so
// the addresses are the byte offsets / ref ordinals the compiler assigns, checked with iree-dump-module), a ref global holding a buffer, and the
// module initializer (@__init). State persists across calls in one context.
// RUN: get
// RUN: bump 1 | bump 2 | get
// RUN: bump_indirect 5 | bump_indirect -1 | get
// RUN: bump 3 | bump_indirect 4 | get
// RUN: ref_global 7 | ref_global 9 | ref_len
// RUN: ref_len
// RUN: ref_global 4 | ref_len | ref_clear | ref_len
vm.module public @vm_globals {
  vm.global.i32 private mutable @g32 : i32
  vm.global.i64 private mutable @g64 : i64
  vm.global.f32 private mutable @gf32 : f32
  vm.global.f64 private mutable @gf64 : f64
  vm.global.ref private mutable @gbuf : !vm.buffer
  // --compile-from=vm does not turn vm.initializer into the __init export, so it is written directly; the
  // runtime calls an exported @__init when it creates the context.
  vm.func private @__init() {
    %c5 = vm.const.i32 5
    vm.global.store.i32 %c5, @g32 : i32
    %c64 = vm.const.i64 -4294967296
    vm.global.store.i64 %c64, @g64 : i64
    %cf = vm.const.f32 0.5
    vm.global.store.f32 %cf, @gf32 : f32
    %cd = vm.const.f64 -2.25
    vm.global.store.f64 %cd, @gf64 : f64
    vm.return
  }
  vm.export @__init
  vm.func @get() -> (i32, i64, f32, f64) {
    %a = vm.global.load.i32 @g32 : i32
    %b = vm.global.load.i64 @g64 : i64
    %c = vm.global.load.f32 @gf32 : f32
    %d = vm.global.load.f64 @gf64 : f64
    vm.return %a, %b, %c, %d : i32, i64, f32, f64
  }
  vm.export @get
  // Adds n to each global (converted to its type) directly.
  vm.func @bump(%n: i32) -> i32 {
    %a = vm.global.load.i32 @g32 : i32
    %a2 = vm.add.i32 %a, %n : i32
    vm.global.store.i32 %a2, @g32 : i32
    %b = vm.global.load.i64 @g64 : i64
    %n64 = vm.ext.i32.i64.s %n : i32 -> i64
    %b2 = vm.add.i64 %b, %n64 : i64
    vm.global.store.i64 %b2, @g64 : i64
    %c = vm.global.load.f32 @gf32 : f32
    %nf = vm.cast.si32.f32 %n : i32 -> f32
    %c2 = vm.add.f32 %c, %nf : f32
    vm.global.store.f32 %c2, @gf32 : f32
    %d = vm.global.load.f64 @gf64 : f64
    %nd = vm.cast.si64.f64 %n64 : i64 -> f64
    %d2 = vm.add.f64 %d, %nd : f64
    vm.global.store.f64 %d2, @gf64 : f64
    vm.return %a2 : i32
  }
  vm.export @bump
  // Multiplies each global by n through its address.
  vm.func @bump_indirect(%n: i32) -> i32 {
    %pa = vm.const.i32 0  // address of @g32
    %a = vm.global.load.indirect.i32 %pa : i32 -> i32
    %a2 = vm.mul.i32 %a, %n : i32
    vm.global.store.indirect.i32 %a2, %pa : i32 -> i32
    %pb = vm.const.i32 8  // address of @g64
    %b = vm.global.load.indirect.i64 %pb : i32 -> i64
    %n64 = vm.ext.i32.i64.s %n : i32 -> i64
    %b2 = vm.mul.i64 %b, %n64 : i64
    vm.global.store.indirect.i64 %b2, %pb : i64 -> i32
    %pc = vm.const.i32 4  // address of @gf32
    %c = vm.global.load.indirect.f32 %pc : i32 -> f32
    %nf = vm.cast.si32.f32 %n : i32 -> f32
    %c2 = vm.mul.f32 %c, %nf : f32
    vm.global.store.indirect.f32 %c2, %pc : f32 -> i32
    %pd = vm.const.i32 16  // address of @gf64
    %d = vm.global.load.indirect.f64 %pd : i32 -> f64
    %nd = vm.cast.si64.f64 %n64 : i64 -> f64
    %d2 = vm.mul.f64 %d, %nd : f64
    vm.global.store.indirect.f64 %d2, %pd : f64 -> i32
    vm.return %a2 : i32
  }
  vm.export @bump_indirect
  // Stores a fresh n-byte buffer into the ref global, directly on even n and through its address on odd n.
  vm.func @ref_global(%n: i32) -> i32 {
    %n64 = vm.ext.i32.i64.s %n : i32 -> i64
    %c0 = vm.const.i32.zero
    %buf = vm.buffer.alloc %n64, %c0 : !vm.buffer
    %c1 = vm.const.i32 1
    %odd = vm.and.i32 %n, %c1 : i32
    vm.cond_br %odd, ^indirect, ^direct
  ^direct:
    vm.global.store.ref %buf, @gbuf : !vm.buffer
    vm.return %c0 : i32
  ^indirect:
    %p = vm.const.i32 0  // address of @gbuf
    vm.global.store.indirect.ref %buf, %p : !vm.buffer -> i32
    vm.return %c1 : i32
  }
  vm.export @ref_global
  // Length of the buffer in the ref global (read through its address), or -1 when it is null.
  vm.func @ref_len() -> i64 {
    %p = vm.const.i32 0  // address of @gbuf
    %b = vm.global.load.indirect.ref %p : i32 -> !vm.buffer
    %nz = vm.cmp.nz.ref %b : !vm.buffer
    vm.cond_br %nz, ^some, ^none
  ^some:
    %len = vm.buffer.length %b : !vm.buffer -> i64
    vm.return %len : i64
  ^none:
    %m1 = vm.const.i64 -1
    vm.return %m1 : i64
  }
  vm.export @ref_len
  vm.func @ref_clear() {
    %null = vm.const.ref.zero : !vm.buffer
    vm.global.store.ref %null, @gbuf : !vm.buffer
    vm.return
  }
  vm.export @ref_clear
}
