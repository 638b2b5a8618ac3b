// TARGETS: vmvx
// FLAGS: --compile-from=vm
// vm dialect: value switches (switch.i32/i64/f32/f64/ref pick one of N values by index, else the default),
// select.ref, vm.not, and a br_table with block arguments.
// NOTE: the 3.13.0 reference interpreter reads switch.i64's selected value from a 32-bit register
// (sign-extending its low half), so `pick` records 0 / -1 where 4294967296 / INT64_MAX were written.
// iree-dump-module cannot disassemble switch.ref ("unhandled core opcode").
// REFERENCE-DEFECT: pick result 1: the reference's switch.i64 reads the chosen value from one 32-bit slot
// RUN: pick 0
// RUN: pick 1
// RUN: pick 2
// RUN: pick 3
// RUN: pick -1
// RUN: pick 1000
// RUN: pick_ref 0
// RUN: pick_ref 1
// RUN: pick_ref 2
// RUN: pick_ref 5
// RUN: not 0 0
// RUN: not -1 1
// RUN: not 1431655765 -6148914691236517206
// RUN: table 0 10
// RUN: table 1 10
// RUN: table 2 10
// RUN: table 3 10
// RUN: table -2147483648 10
vm.module public @vm_switch {
  // Index n selects among three values of each type; anything else gives the default.
  vm.func @pick(%n: i32) -> (i32, i64, f32, f64) {
    %a0 = vm.const.i32 100
    %a1 = vm.const.i32 -200
    %a2 = vm.const.i32 300
    %ad = vm.add.i32 %n, %a0 : i32
    %a = vm.switch.i32 %n[%a0, %a1, %a2] else %ad : i32
    %b0 = vm.const.i64 4294967296
    %b1 = vm.const.i64 -1
    %b2 = vm.const.i64 9223372036854775807
    %bd = vm.ext.i32.i64.s %n : i32 -> i64
    %b = vm.switch.i64 %n[%b0, %b1, %b2] else %bd : i64
    %c0 = vm.const.f32 0.25
    %c1 = vm.const.f32 -0.0
    %c2 = vm.const.f32 1.0e30
    %cd = vm.cast.si32.f32 %n : i32 -> f32
    %c = vm.switch.f32 %n[%c0, %c1, %c2] else %cd : f32
    %d0 = vm.const.f64 0.1
    %d1 = vm.const.f64 -1.0e-300
    %d2 = vm.const.f64 2.5
    %dd = vm.cast.si64.f64 %bd : i64 -> f64
    %d = vm.switch.f64 %n[%d0, %d1, %d2] else %dd : f64
    vm.return %a, %b, %c, %d : i32, i64, f32, f64
  }
  vm.export @pick
  // Buffers of lengths 1, 2 and 3 (default: null); returns the picked buffer's length (-1 for null) and
  // the length of select.ref(n is odd, buffer2, buffer3).
  vm.func @pick_ref(%n: i32) -> (i64, i64) {
    %l1 = vm.const.i64 1
    %l2 = vm.const.i64 2
    %l3 = vm.const.i64 3
    %z = vm.const.i32.zero
    %b1 = vm.buffer.alloc %l1, %z : !vm.buffer
    %b2 = vm.buffer.alloc %l2, %z : !vm.buffer
    %b3 = vm.buffer.alloc %l3, %z : !vm.buffer
    %null = vm.const.ref.zero : !vm.buffer
    %p = vm.switch.ref %n[%b1, %b2, %b3] else %null : !vm.buffer
    %one = vm.const.i32 1
    %odd = vm.and.i32 %n, %one : i32
    %s = vm.select.ref %odd, %b2, %b3 : !vm.buffer
    %slen = vm.buffer.length %s : !vm.buffer -> i64
    %nz = vm.cmp.nz.ref %p : !vm.buffer
    vm.cond_br %nz, ^some, ^none
  ^some:
    %plen = vm.buffer.length %p : !vm.buffer -> i64
    vm.return %plen, %slen : i64, i64
  ^none:
    %m1 = vm.const.i64 -1
    vm.return %m1, %slen : i64, i64
  }
  vm.export @pick_ref
  vm.func @not(%a: i32, %b: i64) -> (i32, i64) {
    %na = vm.not.i32 %a : i32
    %nb = vm.not.i64 %b : i64
    vm.return %na, %nb : i32, i64
  }
  vm.export @not
  // br_table whose cases pass different block arguments; the default receives the index itself.
  vm.func @table(%i: i32, %x: i32) -> i32 {
    %c7 = vm.const.i32 7
    vm.br_table %i {
      default: ^bb_default(%i : i32),
      0: ^bb_add(%x, %c7 : i32, i32),
      1: ^bb_add(%c7, %c7 : i32, i32),
      2: ^bb_mul(%x : i32)
    }
  ^bb_add(%p: i32, %q: i32):
    %s = vm.add.i32 %p, %q : i32
    vm.return %s : i32
  ^bb_mul(%m: i32):
    %sq = vm.mul.i32 %m, %m : i32
    vm.return %sq : i32
  ^bb_default(%d: i32):
    %neg = vm.sub.i32 %c7, %d : i32
    vm.return %neg : i32
  }
  vm.export @table
}
