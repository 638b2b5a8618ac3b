// TARGETS: vmvx
// FLAGS: --compile-from=vm
// vm dialect: every buffer instruction. Offsets of typed loads/stores/fills are in elements of that type;
// lengths of copy/compare/hash/clone/alloc are in bytes.
// RUN: bytes 200 -2
// RUN: bytes -1 65535
// RUN: bytes 127 -32768
// RUN: fills 3 -1
// RUN: fills 1 4660
// RUN: fills 4 -559038737
// RUN: fills 0 7
// RUN: fills 5 1
// RUN: fills_float 2 1.5 -0.25
// RUN: fills_float 0 1.5 -0.25
// RUN: clone 0 8
// RUN: clone 2 4
// RUN: clone 8 0
// RUN: clone 6 4
// RUN: clone 0 9
// RUN: compare_copy 0 0 4
// RUN: compare_copy 1 2 3
// RUN: compare_copy 0 0 0
// RUN: compare_copy 5 0 4
// RUN: hash 0 8
// RUN: hash 3 2
// RUN: hash 0 0
// RUN: store_oob 7
// RUN: store_oob 8
// RUN: length_null
vm.module public @vm_buffer {
  // Stores a as i8 at byte 0 and b as i16 at element 1 (bytes 2..3), then loads bytes 0 and 2 and the i16
  // back, each both sign- and zero-extended, plus the buffer length.
  vm.func @bytes(%a: i32, %b: i32) -> (i32, i32, i32, i32, i64) {
    %c8 = vm.const.i64 8
    %z32 = vm.const.i32.zero
    %buf = vm.buffer.alloc %c8, %z32 : !vm.buffer
    %o0 = vm.const.i64.zero
    %o1 = vm.const.i64 1
    %o2 = vm.const.i64 2
    vm.buffer.store.i8 %a, %buf[%o0] : i32 -> !vm.buffer
    vm.buffer.store.i16 %b, %buf[%o1] : i32 -> !vm.buffer
    %s8 = vm.buffer.load.i8.s %buf[%o0] : !vm.buffer -> i32
    %u8 = vm.buffer.load.i8.u %buf[%o0] : !vm.buffer -> i32
    %s16 = vm.buffer.load.i16.s %buf[%o1] : !vm.buffer -> i32
    %u16 = vm.buffer.load.i16.u %buf[%o1] : !vm.buffer -> i32
    %len = vm.buffer.length %buf : !vm.buffer -> i64
    vm.return %s8, %u8, %s16, %u16, %len : i32, i32, i32, i32, i64
  }
  vm.export @bytes
  // Fills a 64-byte zeroed buffer with n elements each: v as i8 from byte 0, v as i16 from byte 8, 3*v as i32
  // from byte 16 and 16*v as i64 from byte 32 (n <= 4), then reads the five i64 words at bytes 0..32.
  vm.func @fills(%n: i32, %v: i32) -> (i64, i64, i64, i64, i64) {
    %c64 = vm.const.i64 64
    %z32 = vm.const.i32.zero
    %buf = vm.buffer.alloc %c64, %z32 : !vm.buffer
    %n64 = vm.ext.i32.i64.s %n : i32 -> i64
    %o0 = vm.const.i64.zero
    %o1 = vm.const.i64 1
    %o2 = vm.const.i64 2
    %o3 = vm.const.i64 3
    %o4 = vm.const.i64 4
    vm.buffer.fill.i8 %buf, %o0, %n64, %v : i32 -> !vm.buffer
    vm.buffer.fill.i16 %buf, %o4, %n64, %v : i32 -> !vm.buffer
    %c3 = vm.const.i32 3
    %v3 = vm.mul.i32 %v, %c3 : i32
    vm.buffer.fill.i32 %buf, %o4, %n64, %v3 : i32 -> !vm.buffer
    %v64 = vm.ext.i32.i64.s %v : i32 -> i64
    %c16 = vm.const.i64 16
    %big = vm.mul.i64 %v64, %c16 : i64
    vm.buffer.fill.i64 %buf, %o4, %n64, %big : i64 -> !vm.buffer
    %w0 = vm.buffer.load.i64 %buf[%o0] : !vm.buffer -> i64
    %w1 = vm.buffer.load.i64 %buf[%o1] : !vm.buffer -> i64
    %w2 = vm.buffer.load.i64 %buf[%o2] : !vm.buffer -> i64
    %w3 = vm.buffer.load.i64 %buf[%o3] : !vm.buffer -> i64
    %w4 = vm.buffer.load.i64 %buf[%o4] : !vm.buffer -> i64
    vm.return %w0, %w1, %w2, %w3, %w4 : i64, i64, i64, i64, i64
  }
  vm.export @fills
  // fill.f32 of a over n elements from element 0, fill.f64 of b over n elements from element 2; reads
  // back element 0/1 as f32 and element 2 as f64 and as raw i32 words.
  vm.func @fills_float(%n: i32, %a: f32, %b: f64) -> (f32, f32, f64, i32) {
    %c32 = vm.const.i64 32
    %z32 = vm.const.i32.zero
    %buf = vm.buffer.alloc %c32, %z32 : !vm.buffer
    %n64 = vm.ext.i32.i64.s %n : i32 -> i64
    %o0 = vm.const.i64.zero
    %o1 = vm.const.i64 1
    %o2 = vm.const.i64 2
    %o5 = vm.const.i64 5
    vm.buffer.fill.f32 %buf, %o0, %n64, %a : f32 -> !vm.buffer
    vm.buffer.fill.f64 %buf, %o2, %n64, %b : f64 -> !vm.buffer
    %f0 = vm.buffer.load.f32 %buf[%o0] : !vm.buffer -> f32
    %f1 = vm.buffer.load.f32 %buf[%o1] : !vm.buffer -> f32
    %d2 = vm.buffer.load.f64 %buf[%o2] : !vm.buffer -> f64
    %w5 = vm.buffer.load.i32 %buf[%o5] : !vm.buffer -> i32
    vm.return %f0, %f1, %d2, %w5 : f32, f32, f64, i32
  }
  vm.export @fills_float
  // Clones bytes [off, off+len) of an 8-byte buffer holding 0x0807060504030201 and returns the clone's
  // length and its first byte (or -1 when empty); out-of-range slices fail.
  vm.func @clone(%off: i32, %len: i32) -> (i64, i32) {
    %c8 = vm.const.i64 8
    %z32 = vm.const.i32.zero
    %buf = vm.buffer.alloc %c8, %z32 : !vm.buffer
    %o0 = vm.const.i64.zero
    %pattern = vm.const.i64 578437695752307201
    vm.buffer.store.i64 %pattern, %buf[%o0] : i64 -> !vm.buffer
    %off64 = vm.ext.i32.i64.s %off : i32 -> i64
    %len64 = vm.ext.i32.i64.s %len : i32 -> i64
    %align = vm.const.i32 16
    %c = vm.buffer.clone %buf, %off64, %len64, %align : !vm.buffer -> !vm.buffer
    %clen = vm.buffer.length %c : !vm.buffer -> i64
    %empty = vm.cmp.eq.i64 %clen, %o0 : i64
    vm.cond_br %empty, ^none, ^some
  ^some:
    %b = vm.buffer.load.i8.u %c[%o0] : !vm.buffer -> i32
    vm.return %clen, %b : i64, i32
  ^none:
    %m1 = vm.const.i32 -1
    vm.return %clen, %m1 : i64, i32
  }
  vm.export @clone
  // Two 8-byte buffers with different contents: compares [a, a+len) of one with [b, b+len) of the other,
  // copies that range and compares again.
  vm.func @compare_copy(%a: i32, %b: i32, %len: i32) -> (i32, i32, i64) {
    %c8 = vm.const.i64 8
    %z32 = vm.const.i32.zero
    %x = vm.buffer.alloc %c8, %z32 : !vm.buffer
    %y = vm.buffer.alloc %c8, %z32 : !vm.buffer
    %o0 = vm.const.i64.zero
    %px = vm.const.i64 1229782938247303441
    %py = vm.const.i64 -1
    vm.buffer.store.i64 %px, %x[%o0] : i64 -> !vm.buffer
    vm.buffer.store.i64 %py, %y[%o0] : i64 -> !vm.buffer
    %a64 = vm.ext.i32.i64.s %a : i32 -> i64
    %b64 = vm.ext.i32.i64.s %b : i32 -> i64
    %len64 = vm.ext.i32.i64.s %len : i32 -> i64
    %before = vm.buffer.compare %x, %a64, %y, %b64, %len64 : !vm.buffer, !vm.buffer
    vm.buffer.copy %x, %a64, %y, %b64, %len64 : !vm.buffer -> !vm.buffer
    %after = vm.buffer.compare %x, %a64, %y, %b64, %len64 : !vm.buffer, !vm.buffer
    %wy = vm.buffer.load.i64 %y[%o0] : !vm.buffer -> i64
    vm.return %before, %after, %wy : i32, i32, i64
  }
  vm.export @compare_copy
  vm.func @hash(%off: i32, %len: i32) -> i64 {
    %c8 = vm.const.i64 8
    %z32 = vm.const.i32.zero
    %buf = vm.buffer.alloc %c8, %z32 : !vm.buffer
    %o0 = vm.const.i64.zero
    %pattern = vm.const.i64 578437695752307201
    vm.buffer.store.i64 %pattern, %buf[%o0] : i64 -> !vm.buffer
    %off64 = vm.ext.i32.i64.s %off : i32 -> i64
    %len64 = vm.ext.i32.i64.s %len : i32 -> i64
    %h = vm.buffer.hash %buf, %off64, %len64 : !vm.buffer -> i64
    vm.return %h : i64
  }
  vm.export @hash
  // Stores a byte at byte offset i of an 8-byte buffer: fails for i >= 8.
  vm.func @store_oob(%i: i32) -> i32 {
    %c8 = vm.const.i64 8
    %z32 = vm.const.i32.zero
    %buf = vm.buffer.alloc %c8, %z32 : !vm.buffer
    %i64 = vm.ext.i32.i64.s %i : i32 -> i64
    %v = vm.const.i32 171
    vm.buffer.store.i8 %v, %buf[%i64] : i32 -> !vm.buffer
    %r = vm.buffer.load.i8.u %buf[%i64] : !vm.buffer -> i32
    vm.return %r : i32
  }
  vm.export @store_oob
  // buffer.length of a null buffer: the reference reports an error.
  vm.func @length_null() -> i64 {
    %null = vm.const.ref.zero : !vm.buffer
    %len = vm.buffer.length %null : !vm.buffer -> i64
    vm.return %len : i64
  }
  vm.export @length_null
}
