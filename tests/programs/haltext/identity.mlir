// TARGETS: vmvx
// FLAGS: --iree-input-demote-f64-to-f32=false --iree-input-demote-i64-to-i32=false
// Identity functions, one per element type and rank: what goes in as text comes back as a
// buffer view, so iree-run-module's printed result is the reference for Weft's parser
// (exact bytes via --output=@file.bin) and formatter (the printed line).
func.func @f32(%x: tensor<?xf32>) -> tensor<?xf32> { return %x : tensor<?xf32> }
func.func @f32_0d(%x: tensor<f32>) -> tensor<f32> { return %x : tensor<f32> }
func.func @f32_2d(%x: tensor<?x?xf32>) -> tensor<?x?xf32> { return %x : tensor<?x?xf32> }
func.func @f32_3d(%x: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> { return %x : tensor<?x?x?xf32> }
func.func @f64(%x: tensor<?xf64>) -> tensor<?xf64> { return %x : tensor<?xf64> }
func.func @f16(%x: tensor<?xf16>) -> tensor<?xf16> { return %x : tensor<?xf16> }
func.func @bf16(%x: tensor<?xbf16>) -> tensor<?xbf16> { return %x : tensor<?xbf16> }
func.func @i1(%x: tensor<?xi1>) -> tensor<?xi1> { return %x : tensor<?xi1> }
func.func @i8(%x: tensor<?xi8>) -> tensor<?xi8> { return %x : tensor<?xi8> }
func.func @i16(%x: tensor<?xi16>) -> tensor<?xi16> { return %x : tensor<?xi16> }
func.func @i32(%x: tensor<?xi32>) -> tensor<?xi32> { return %x : tensor<?xi32> }
func.func @i32_0d(%x: tensor<i32>) -> tensor<i32> { return %x : tensor<i32> }
func.func @i32_2d(%x: tensor<?x?xi32>) -> tensor<?x?xi32> { return %x : tensor<?x?xi32> }
func.func @i64(%x: tensor<?xi64>) -> tensor<?xi64> { return %x : tensor<?xi64> }
func.func @si8(%x: tensor<?xsi8>) -> tensor<?xsi8> { return %x : tensor<?xsi8> }
func.func @ui8(%x: tensor<?xui8>) -> tensor<?xui8> { return %x : tensor<?xui8> }
func.func @ui16(%x: tensor<?xui16>) -> tensor<?xui16> { return %x : tensor<?xui16> }
func.func @ui32(%x: tensor<?xui32>) -> tensor<?xui32> { return %x : tensor<?xui32> }
func.func @ui64(%x: tensor<?xui64>) -> tensor<?xui64> { return %x : tensor<?xui64> }
func.func @si64(%x: tensor<?xsi64>) -> tensor<?xsi64> { return %x : tensor<?xsi64> }
func.func @f8e4m3fn(%x: tensor<?xf8E4M3FN>) -> tensor<?xf8E4M3FN> { return %x : tensor<?xf8E4M3FN> }
func.func @f8e5m2(%x: tensor<?xf8E5M2>) -> tensor<?xf8E5M2> { return %x : tensor<?xf8E5M2> }
func.func @f8e4m3fnuz(%x: tensor<?xf8E4M3FNUZ>) -> tensor<?xf8E4M3FNUZ> { return %x : tensor<?xf8E4M3FNUZ> }
func.func @f8e5m2fnuz(%x: tensor<?xf8E5M2FNUZ>) -> tensor<?xf8E5M2FNUZ> { return %x : tensor<?xf8E5M2FNUZ> }
func.func @f8e8m0fnu(%x: tensor<?xf8E8M0FNU>) -> tensor<?xf8E8M0FNU> { return %x : tensor<?xf8E8M0FNU> }
func.func @cf64(%x: tensor<?xcomplex<f32>>) -> tensor<?xcomplex<f32>> { return %x : tensor<?xcomplex<f32>> }
func.func @scalar_i32(%x: i32) -> i32 { return %x : i32 }
func.func @scalar_i64(%x: i64) -> i64 { return %x : i64 }
func.func @scalar_f32(%x: f32) -> f32 { return %x : f32 }
func.func @scalar_f64(%x: f64) -> f64 { return %x : f64 }
