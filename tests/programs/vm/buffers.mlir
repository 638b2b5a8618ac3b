// TARGETS: vmvx
// FLAGS: --iree-input-demote-f64-to-f32=false --iree-input-demote-i64-to-i32=false
// util.buffer: alloc, size, fill, store/load of i8/i16/i32/i64/f32/f64, copy, compare, hash and a read
// from a constant buffer (rodata), with out-of-range accesses (the reference reports an error).
// RUN: roundtrip 305419896 -2 2.5 0.1
// RUN: roundtrip -1 9223372036854775807 -0.0 -1e300
// RUN: fill_sum 16 7
// RUN: fill_sum 0 7
// RUN: fill_sum 5 -1
// RUN: copy_compare 0 0
// RUN: copy_compare 1 0
// RUN: copy_compare 4 2
// RUN: constant_byte 0
// RUN: constant_byte 5
// RUN: constant_byte 11
// RUN: constant_byte 12
// RUN: oob_load 8
// RUN: oob_load 12
// RUN: oob_load 13
// RUN: oob_load 16
// RUN: hash 0
// RUN: hash 5
// RUN: hash 12
// RUN: hash 13
// Stores one value of each type at fixed offsets of a 32-byte buffer and loads them back, plus the raw
// little-endian bytes of the i32 reloaded as i8 and i16 lanes (sign- and zero-extended).
func.func @roundtrip(%a: i32, %b: i64, %c: f32, %d: f64) -> (i32, i64, f32, f64, i32, i32, i32, i32, i32) {
  %c32 = arith.constant 32 : index
  %buf = util.buffer.alloc uninitialized : !util.buffer{%c32}
  %o0 = arith.constant 0 : index
  %o4 = arith.constant 4 : index
  %o8 = arith.constant 8 : index
  %o16 = arith.constant 16 : index
  %o24 = arith.constant 24 : index
  %o1 = arith.constant 1 : index
  %o2 = arith.constant 2 : index
  %s1 = arith.constant 1 : index
  %s2 = arith.constant 2 : index
  %s4 = arith.constant 4 : index
  %s8 = arith.constant 8 : index
  util.buffer.store %a, %buf[%o0 for %s4] : i32 -> !util.buffer{%c32}
  util.buffer.store %c, %buf[%o4 for %s4] : f32 -> !util.buffer{%c32}
  util.buffer.store %b, %buf[%o8 for %s8] : i64 -> !util.buffer{%c32}
  util.buffer.store %d, %buf[%o16 for %s8] : f64 -> !util.buffer{%c32}
  %ra = util.buffer.load %buf[%o0 for %s4] : !util.buffer{%c32} -> i32
  %rc = util.buffer.load %buf[%o4 for %s4] : !util.buffer{%c32} -> f32
  %rb = util.buffer.load %buf[%o8 for %s8] : !util.buffer{%c32} -> i64
  %rd = util.buffer.load %buf[%o16 for %s8] : !util.buffer{%c32} -> f64
  %b0 = util.buffer.load %buf[%o0 for %s1] : !util.buffer{%c32} -> i8
  %b0s = arith.extsi %b0 : i8 to i32
  %b1 = util.buffer.load %buf[%o1 for %s1] : !util.buffer{%c32} -> i8
  %b1u = arith.extui %b1 : i8 to i32
  %h1 = util.buffer.load %buf[%o2 for %s2] : !util.buffer{%c32} -> i16
  %h1s = arith.extsi %h1 : i16 to i32
  %h1u = arith.extui %h1 : i16 to i32
  %size = util.buffer.size %buf : !util.buffer
  %size32 = arith.index_cast %size : index to i32
  return %ra, %rb, %rc, %rd, %b0s, %b1u, %h1s, %h1u, %size32 : i32, i64, f32, f64, i32, i32, i32, i32, i32
}
// Fills n bytes with the byte v, then sums them as unsigned bytes and as i32 words (n rounded down to 4).
func.func @fill_sum(%n: i32, %v: i32) -> (i32, i32) {
  %nn = arith.index_cast %n : i32 to index
  %buf = util.buffer.alloc uninitialized : !util.buffer{%nn}
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %v8 = arith.trunci %v : i32 to i8
  util.buffer.fill %v8, %buf[%c0 for %nn] : i8 -> !util.buffer{%nn}
  %zero = arith.constant 0 : i32
  %sum = scf.for %i = %c0 to %nn step %c1 iter_args(%acc = %zero) -> (i32) {
    %b = util.buffer.load %buf[%i for %c1] : !util.buffer{%nn} -> i8
    %bu = arith.extui %b : i8 to i32
    %a = arith.addi %acc, %bu : i32
    scf.yield %a : i32
  }
  %words = arith.divui %nn, %c4 : index
  %wsum = scf.for %i = %c0 to %words step %c1 iter_args(%acc = %zero) -> (i32) {
    %off = arith.muli %i, %c4 : index
    %w = util.buffer.load %buf[%off for %c4] : !util.buffer{%nn} -> i32
    %a = arith.addi %acc, %w : i32
    scf.yield %a : i32
  }
  return %sum, %wsum : i32, i32
}
// Two 8-byte buffers filled with i16 and i32 patterns; copies `len` bytes from src[0] to dst[at] and
// compares dst[at..at+len) with src[0..len) and with the untouched pattern.
func.func @copy_compare(%len: i32, %at: i32) -> (i1, i1, i64) {
  %c8 = arith.constant 8 : index
  %c0 = arith.constant 0 : index
  %n = arith.index_cast %len : i32 to index
  %o = arith.index_cast %at : i32 to index
  %src = util.buffer.alloc uninitialized : !util.buffer{%c8}
  %dst = util.buffer.alloc uninitialized : !util.buffer{%c8}
  %p16 = arith.constant 4660 : i16
  %p32 = arith.constant -559038737 : i32
  util.buffer.fill %p16, %src[%c0 for %c8] : i16 -> !util.buffer{%c8}
  util.buffer.fill %p32, %dst[%c0 for %c8] : i32 -> !util.buffer{%c8}
  util.buffer.copy %src[%c0], %dst[%o], %n : !util.buffer{%c8} -> !util.buffer{%c8}
  %same = util.buffer.compare %src[%c0], %dst[%o], %n : !util.buffer{%c8}, !util.buffer{%c8}
  %ref = util.buffer.alloc uninitialized : !util.buffer{%c8}
  util.buffer.fill %p32, %ref[%c0 for %c8] : i32 -> !util.buffer{%c8}
  %untouched = util.buffer.compare %ref[%c0], %dst[%c0], %c8 : !util.buffer{%c8}, !util.buffer{%c8}
  %c4 = arith.constant 4 : index
  %word = util.buffer.load %dst[%c0 for %c8] : !util.buffer{%c8} -> i64
  return %same, %untouched, %word : i1, i1, i64
}
// Reads byte i of a 12-byte constant buffer (rodata).
func.func @constant_byte(%i: i32) -> i32 {
  %c12 = arith.constant 12 : index
  %c1 = arith.constant 1 : index
  %buf = util.buffer.constant : !util.buffer = "hello, VM!\n\00"
  %ii = arith.index_cast %i : i32 to index
  %b = util.buffer.load %buf[%ii for %c1] : !util.buffer{%c12} -> i8
  %r = arith.extui %b : i8 to i32
  return %r : i32
}
// Loads an i32 at byte offset `at` of a 16-byte buffer: in bounds up to 12.
func.func @oob_load(%at: i32) -> i32 {
  %c16 = arith.constant 16 : index
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %buf = util.buffer.alloc uninitialized : !util.buffer{%c16}
  %v = arith.constant 16843009 : i32
  util.buffer.fill %v, %buf[%c0 for %c16] : i32 -> !util.buffer{%c16}
  %o = arith.index_cast %at : i32 to index
  %r = util.buffer.load %buf[%o for %c4] : !util.buffer{%c16} -> i32
  return %r : i32
}
// Hashes the first n bytes of a constant buffer.
func.func @hash(%n: i32) -> i64 {
  %c12 = arith.constant 12 : index
  %c0 = arith.constant 0 : index
  %buf = util.buffer.constant : !util.buffer = "hello, VM!\n\00"
  %nn = arith.index_cast %n : i32 to index
  %h = util.buffer.hash %buf[%c0 for %nn] : !util.buffer{%c12} -> i64
  return %h : i64
}
