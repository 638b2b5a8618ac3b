// TARGETS: vmvx
// FLAGS: --compile-from=vm
// EXPECT: load-error
// vm.cond_break: iree-compile 3.13.0 encodes it without the condition register that the runtime's decoder
// (and isa.json) expect, so the reference verifier rejects the whole module when loading it. The oracle
// records that load error for every call.
// RUN: debug 5
vm.module public @vm_cond_break {
  vm.func @debug(%n: i32) -> i32 {
    %two = vm.const.i32 2
    %d = vm.mul.i32 %n, %two : i32
    %nz = vm.cmp.nz.i32 %n : i32
    vm.cond_break %nz, ^next(%d : i32)
  ^next(%x: i32):
    %one = vm.const.i32 1
    %r = vm.add.i32 %x, %one : i32
    vm.return %r : i32
  }
  vm.export @debug
}
