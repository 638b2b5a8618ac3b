// TARGETS: vmvx
// A loop, a call and a rodata-free body: the verifier tests corrupt its real bytecode.
func.func private @step(%x: i32) -> i32 {
  %c3 = arith.constant 3 : i32
  %c1 = arith.constant 1 : i32
  %m = arith.muli %x, %c3 : i32
  %r = arith.addi %m, %c1 : i32
  return %r : i32
}

func.func @count_up(%n: i32) -> i32 {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %r:2 = scf.while (%i = %c0, %acc = %c0) : (i32, i32) -> (i32, i32) {
    %lt = arith.cmpi slt, %i, %n : i32
    scf.condition(%lt) %i, %acc : i32, i32
  } do {
  ^bb0(%i: i32, %acc: i32):
    %next = arith.addi %i, %c1 : i32
    %s = func.call @step(%acc) : (i32) -> i32
    scf.yield %next, %s : i32, i32
  }
  return %r#1 : i32
}
