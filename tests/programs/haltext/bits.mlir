// TARGETS: vmvx
// FLAGS: --iree-input-demote-f64-to-f32=false --iree-input-demote-i64-to-i32=false
// VULKAN-UNSUPPORTED: iree-compile 3.13.0 fails for vulkan on the f64 and i64 bitcasts: the
// Vulkan target has no Float64 or Int64, and WebGPU has neither.
// Reinterprets integer bit patterns as floats, so a test can make iree-run-module print any
// float value at all (subnormals, NaN payloads, ties in decimal rounding) without going
// through its float parser; the printed text is the reference for Weft's float formatting.
func.func @f32_from_bits(%x: tensor<?xi32>) -> tensor<?xf32> {
  %0 = arith.bitcast %x : tensor<?xi32> to tensor<?xf32>
  return %0 : tensor<?xf32>
}
func.func @f64_from_bits(%x: tensor<?xi64>) -> tensor<?xf64> {
  %0 = arith.bitcast %x : tensor<?xi64> to tensor<?xf64>
  return %0 : tensor<?xf64>
}
func.func @f16_from_bits(%x: tensor<?xi16>) -> tensor<?xf16> {
  %0 = arith.bitcast %x : tensor<?xi16> to tensor<?xf16>
  return %0 : tensor<?xf16>
}
func.func @bf16_from_bits(%x: tensor<?xi16>) -> tensor<?xbf16> {
  %0 = arith.bitcast %x : tensor<?xi16> to tensor<?xbf16>
  return %0 : tensor<?xbf16>
}
func.func @f8e4m3fn_from_bits(%x: tensor<?xi8>) -> tensor<?xf8E4M3FN> {
  %0 = arith.bitcast %x : tensor<?xi8> to tensor<?xf8E4M3FN>
  return %0 : tensor<?xf8E4M3FN>
}
func.func @scalar_f32_from_bits(%x: i32) -> f32 {
  %0 = arith.bitcast %x : i32 to f32
  return %0 : f32
}
func.func @scalar_f64_from_bits(%x: i64) -> f64 {
  %0 = arith.bitcast %x : i64 to f64
  return %0 : f64
}
