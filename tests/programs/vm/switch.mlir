// TARGETS: vmvx
// Multi-way branches: scf.index_switch and cf.switch (including the default case and negative/large
// selectors).
// RUN: index_switch 0
// RUN: index_switch 1
// RUN: index_switch 2
// RUN: index_switch 3
// RUN: index_switch 7
// RUN: index_switch -1
// RUN: cf_switch 0
// RUN: cf_switch 1
// RUN: cf_switch 2
// RUN: cf_switch 5
// RUN: cf_switch 100
// RUN: cf_switch -3
func.func @index_switch(%x: i32) -> (i32, f32) {
  %i = arith.index_cast %x : i32 to index
  %r:2 = scf.index_switch %i -> i32, f32
  case 0 {
    %a = arith.constant 100 : i32
    %b = arith.constant 0.5 : f32
    scf.yield %a, %b : i32, f32
  }
  case 1 {
    %a = arith.muli %x, %x : i32
    %b = arith.constant 1.5 : f32
    scf.yield %a, %b : i32, f32
  }
  case 3 {
    %a = arith.constant -7 : i32
    %b = arith.sitofp %x : i32 to f32
    scf.yield %a, %b : i32, f32
  }
  default {
    %a = arith.constant 42 : i32
    %b = arith.constant -1.0 : f32
    scf.yield %a, %b : i32, f32
  }
  return %r#0, %r#1 : i32, f32
}
func.func @cf_switch(%x: i32) -> i32 {
  cf.switch %x : i32, [
    default: ^bb_default(%x : i32),
    0: ^bb0,
    1: ^bb1(%x : i32),
    2: ^bb1(%x : i32),
    5: ^bb5
  ]
^bb0:
  %c10 = arith.constant 10 : i32
  return %c10 : i32
^bb1(%v: i32):
  %c20 = arith.constant 20 : i32
  %s = arith.addi %v, %c20 : i32
  return %s : i32
^bb5:
  %c50 = arith.constant 50 : i32
  return %c50 : i32
^bb_default(%d: i32):
  %m = arith.constant -1000 : i32
  %r = arith.addi %d, %m : i32
  return %r : i32
}
