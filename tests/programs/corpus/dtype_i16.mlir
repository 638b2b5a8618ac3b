// TARGETS: wasm32 host vmvx
// i16 arithmetic (wrapping), max, shifts and truncation from i32.
// RUN: i16_ops '5xi16=32767 -32768 1000 -7 3' '5xi16=1 3 10 2 15' '5xi32=65537 -1 40000 7 -40000'
func.func @i16_ops(%a: tensor<5xi16>, %b: tensor<5xi16>, %w: tensor<5xi32>) -> (tensor<5xi16>, tensor<5xi16>, tensor<5xi16>, tensor<5xi16>, tensor<5xi16>) {
  %0 = arith.addi %a, %b : tensor<5xi16>
  %1 = arith.muli %a, %b : tensor<5xi16>
  %2 = arith.maxsi %a, %b : tensor<5xi16>
  %3 = arith.shrsi %a, %b : tensor<5xi16>
  %4 = arith.trunci %w : tensor<5xi32> to tensor<5xi16>
  return %0, %1, %2, %3, %4 : tensor<5xi16>, tensor<5xi16>, tensor<5xi16>, tensor<5xi16>, tensor<5xi16>
}
