// TARGETS: vmvx
// FLAGS: --iree-input-demote-f64-to-f32=false --iree-input-demote-i64-to-i32=false
// Every element type a signature can carry, passed through unchanged (no arithmetic, so f16 and
// f64 do not need VMVX kernels).
func.func @pass(%a: tensor<2xi1>, %b: tensor<2xi8>, %c: tensor<2xi16>, %d: tensor<2xi32>,
                %e: tensor<2xi64>, %f: tensor<2xf16>, %g: tensor<2xbf16>, %h: tensor<2xf32>,
                %i: tensor<2xf64>) -> (tensor<2xi1>, tensor<2xi8>, tensor<2xi16>, tensor<2xi32>,
                tensor<2xi64>, tensor<2xf16>, tensor<2xbf16>, tensor<2xf32>, tensor<2xf64>) {
  return %a, %b, %c, %d, %e, %f, %g, %h, %i : tensor<2xi1>, tensor<2xi8>, tensor<2xi16>,
      tensor<2xi32>, tensor<2xi64>, tensor<2xf16>, tensor<2xbf16>, tensor<2xf32>, tensor<2xf64>
}
func.func @scalars(%a: i64, %b: f64) -> (i64, f64) {
  return %a, %b : i64, f64
}
