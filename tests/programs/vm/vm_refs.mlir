// TARGETS: vmvx
// FLAGS: --compile-from=vm
// vm dialect: ref-typed instructions — ref equality (cmp.eq/ne/nz.ref), assign.ref, cast.ref.any followed by
// cast.any.ref (succeeds for the right type, fails for the wrong one), explicit discard.refs, a ref global
// loaded directly, list.reserve, and the debug ops trace/print/break (no-ops in the reference; cond_break is in vm_cond_break).
// RUN: compare 0
// RUN: compare 1
// RUN: cast_back 0
// RUN: cast_back 1
// RUN: stash 12 | fetch | stash 3 | fetch
// RUN: fetch
// RUN: reserve 0 0
// RUN: reserve 10 3
// RUN: reserve 2 5
// RUN: reserve -1 0
// RUN: debug 5
// RUN: debug 0
vm.module public @vm_refs {
  vm.global.ref private mutable @stashed : !vm.buffer

  // Two distinct buffers a, c and b = assign.ref(a); pick = n ? a : c.
  // Returns (a == b, a != c, a == pick, pick != c, null is non-null?, a == null).
  vm.func @compare(%n: i32) -> (i32, i32, i32, i32, i32, i32) {
    %len = vm.const.i64 4
    %z = vm.const.i32.zero
    %a = vm.buffer.alloc %len, %z : !vm.buffer
    %c = vm.buffer.alloc %len, %z : !vm.buffer
    %b = vm.assign.ref %a : !vm.buffer -> !vm.buffer
    %pick = vm.select.ref %n, %a, %c : !vm.buffer
    %ab = vm.cmp.eq.ref %a, %b : !vm.buffer
    %ac = vm.cmp.ne.ref %a, %c : !vm.buffer
    %ap = vm.cmp.eq.ref %a, %pick : !vm.buffer
    %pc = vm.cmp.ne.ref %pick, %c : !vm.buffer
    %null = vm.const.ref.zero : !vm.buffer
    %nn = vm.cmp.nz.ref %null : !vm.buffer
    %an = vm.cmp.eq.ref %a, %null : !vm.buffer
    vm.discard.refs %a, %b, %c, %pick : !vm.buffer, !vm.buffer, !vm.buffer, !vm.buffer
    vm.return %ab, %ac, %ap, %pc, %nn, %an : i32, i32, i32, i32, i32, i32
  }
  vm.export @compare

  // Erases a buffer's type (cast.ref.any) and casts it back: to !vm.buffer when n == 0 (returns its
  // length), to !vm.list<i32> otherwise (the reference rejects the cast).
  vm.func @cast_back(%n: i32) -> i64 {
    %len = vm.const.i64 6
    %z = vm.const.i32.zero
    %buf = vm.buffer.alloc %len, %z : !vm.buffer
    %any = vm.cast.ref.any %buf : !vm.buffer -> !vm.ref<?>
    %nz = vm.cmp.nz.i32 %n : i32
    vm.cond_br %nz, ^wrong, ^right
  ^right:
    %back = vm.cast.any.ref %any : !vm.ref<?> -> !vm.buffer
    %l = vm.buffer.length %back : !vm.buffer -> i64
    vm.return %l : i64
  ^wrong:
    %list = vm.cast.any.ref %any : !vm.ref<?> -> !vm.list<i32>
    %s = vm.list.size %list : (!vm.list<i32>) -> i32
    %s64 = vm.ext.i32.i64.s %s : i32 -> i64
    vm.return %s64 : i64
  }
  vm.export @cast_back

  vm.func @stash(%n: i32) {
    %len = vm.ext.i32.i64.s %n : i32 -> i64
    %z = vm.const.i32.zero
    %buf = vm.buffer.alloc %len, %z : !vm.buffer
    vm.global.store.ref %buf, @stashed : !vm.buffer
    vm.return
  }
  vm.export @stash
  // Length of the stashed buffer (direct global.load.ref), -1 when none.
  vm.func @fetch() -> i64 {
    %b = vm.global.load.ref @stashed : !vm.buffer
    %nz = vm.cmp.nz.ref %b : !vm.buffer
    vm.cond_br %nz, ^some, ^none
  ^some:
    %l = vm.buffer.length %b : !vm.buffer -> i64
    vm.return %l : i64
  ^none:
    %m1 = vm.const.i64 -1
    vm.return %m1 : i64
  }
  vm.export @fetch

  // list.alloc with capacity 0, list.reserve(cap), list.resize(size); returns the size and element
  // size-1 read back after a set (or -1 for an empty list).
  vm.func @reserve(%cap: i32, %size: i32) -> (i32, i32) {
    %z = vm.const.i32.zero
    %l = vm.list.alloc %z : (i32) -> !vm.list<i32>
    vm.list.reserve %l, %cap : (!vm.list<i32>, i32)
    vm.list.resize %l, %size : (!vm.list<i32>, i32)
    %s = vm.list.size %l : (!vm.list<i32>) -> i32
    %empty = vm.cmp.eq.i32 %s, %z : i32
    vm.cond_br %empty, ^none, ^some
  ^some:
    %one = vm.const.i32 1
    %last = vm.sub.i32 %s, %one : i32
    %v = vm.const.i32 77
    vm.list.set.i32 %l, %last, %v : (!vm.list<i32>, i32, i32)
    %r = vm.list.get.i32 %l, %last : (!vm.list<i32>, i32) -> i32
    vm.return %s, %r : i32, i32
  ^none:
    %m1 = vm.const.i32 -1
    vm.return %s, %m1 : i32, i32
  }
  vm.export @reserve

  // Debug instructions around a small computation: 2 * n + 1.
  vm.func @debug(%n: i32) -> i32 {
    vm.trace "weft.debug.enter"(%n) : i32
    %two = vm.const.i32 2
    %d = vm.mul.i32 %n, %two : i32
    vm.print "doubled"(%n, %d) : i32, i32
    %one = vm.const.i32 1
    %r = vm.add.i32 %d, %one : i32
    vm.break ^done(%r : i32)
  ^done(%y: i32):
    vm.return %y : i32
  }
  vm.export @debug
}
