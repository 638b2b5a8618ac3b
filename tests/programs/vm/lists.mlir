// TARGETS: vmvx
// FLAGS: --iree-input-demote-f64-to-f32=false --iree-input-demote-i64-to-i32=false
// util.list: create, resize, size, set/get of i32/i64/f32/f64 elements and of a variant list holding
// mixed values, plus out-of-range accesses (the reference reports an error).
// RUN: typed 5 3
// RUN: typed 10 9
// RUN: typed 3 7
// RUN: typed 5 -1
// RUN: typed 0 0
// RUN: typed 3 3
// RUN: variant 42 2.5
// RUN: grow 0
// RUN: grow 10
// RUN: nested 9
func.func @typed(%n: i32, %k: i32) -> (i32, i32, i64, f32, f64) {
  %nn = arith.index_cast %n : i32 to index
  %kk = arith.index_cast %k : i32 to index
  %li = util.list.create %nn : !util.list<i32>
  util.list.resize %li, %nn : !util.list<i32>
  %ll = util.list.create %nn : !util.list<i64>
  util.list.resize %ll, %nn : !util.list<i64>
  %lf = util.list.create %nn : !util.list<f32>
  util.list.resize %lf, %nn : !util.list<f32>
  %ld = util.list.create %nn : !util.list<f64>
  util.list.resize %ld, %nn : !util.list<f64>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %nn step %c1 {
    %v = arith.index_cast %i : index to i32
    %sq = arith.muli %v, %v : i32
    util.list.set %li[%i], %sq : !util.list<i32>
    %v64 = arith.extsi %v : i32 to i64
    %big = arith.constant 1000000000000 : i64
    %w = arith.muli %v64, %big : i64
    util.list.set %ll[%i], %w : !util.list<i64>
    %f = arith.sitofp %v : i32 to f32
    %tenth = arith.constant 0.1 : f32
    %g = arith.mulf %f, %tenth : f32
    util.list.set %lf[%i], %g : !util.list<f32>
    %d = arith.sitofp %w : i64 to f64
    %half = arith.constant 0.5 : f64
    %e = arith.addf %d, %half : f64
    util.list.set %ld[%i], %e : !util.list<f64>
  }
  %size = util.list.size %li : !util.list<i32>
  %size32 = arith.index_cast %size : index to i32
  %a = util.list.get %li[%kk] : !util.list<i32>
  %b = util.list.get %ll[%kk] : !util.list<i64>
  %c = util.list.get %lf[%kk] : !util.list<f32>
  %d = util.list.get %ld[%kk] : !util.list<f64>
  return %size32, %a, %b, %c, %d : i32, i32, i64, f32, f64
}
// A variant list: element 0 is an i32, element 1 an f32, element 2 a nested list.
func.func @variant(%i: i32, %f: f32) -> (i32, f32, i32, i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %l = util.list.create %c3 : !util.list<?>
  util.list.resize %l, %c3 : !util.list<?>
  util.list.set %l[%c0], %i : i32 -> !util.list<?>
  util.list.set %l[%c1], %f : f32 -> !util.list<?>
  %inner = util.list.create %c1 : !util.list<i32>
  util.list.resize %inner, %c2 : !util.list<i32>
  util.list.set %l[%c2], %inner : !util.list<i32> -> !util.list<?>
  %a = util.list.get %l[%c0] : !util.list<?> -> i32
  %b = util.list.get %l[%c1] : !util.list<?> -> f32
  %n = util.list.get %l[%c2] : !util.list<?> -> !util.list<i32>
  %ns = util.list.size %n : !util.list<i32>
  %ns32 = arith.index_cast %ns : index to i32
  %s = util.list.size %l : !util.list<?>
  %s32 = arith.index_cast %s : index to i32
  return %a, %b, %ns32, %s32 : i32, f32, i32, i32
}
// Grows a list one element at a time (resize by one, then set) and sums it back.
func.func @grow(%n: i32) -> (i32, i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %nn = arith.index_cast %n : i32 to index
  %l = util.list.create : !util.list<i32>
  scf.for %i = %c0 to %nn step %c1 {
    %s = arith.addi %i, %c1 : index
    util.list.resize %l, %s : !util.list<i32>
    %v = arith.index_cast %i : index to i32
    %v3 = arith.muli %v, %v : i32
    util.list.set %l[%i], %v3 : !util.list<i32>
  }
  %size = util.list.size %l : !util.list<i32>
  %zero = arith.constant 0 : i32
  %sum = scf.for %i = %c0 to %size step %c1 iter_args(%acc = %zero) -> (i32) {
    %v = util.list.get %l[%i] : !util.list<i32>
    %a = arith.addi %acc, %v : i32
    scf.yield %a : i32
  }
  %size32 = arith.index_cast %size : index to i32
  return %size32, %sum : i32, i32
}
// A list of lists: reads an element through two levels.
func.func @nested(%v: i32) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %inner = util.list.create %c1 : !util.list<i32>
  util.list.resize %inner, %c1 : !util.list<i32>
  util.list.set %inner[%c0], %v : !util.list<i32>
  %outer = util.list.create %c1 : !util.list<!util.list<i32>>
  util.list.resize %outer, %c1 : !util.list<!util.list<i32>>
  util.list.set %outer[%c0], %inner : !util.list<!util.list<i32>>
  %got = util.list.get %outer[%c0] : !util.list<!util.list<i32>>
  %r = util.list.get %got[%c0] : !util.list<i32>
  return %r : i32
}
