// TARGETS: wasm32 host vmvx
// linalg.broadcast of a vector into a 3x4 matrix and linalg.transpose of the result.
// RUN: bcast '4xi16=1 -2 300 -32768'
func.func @bcast(%x: tensor<4xi16>) -> (tensor<3x4xi16>, tensor<4x3xi16>) {
  %e = tensor.empty() : tensor<3x4xi16>
  %0 = linalg.broadcast ins(%x : tensor<4xi16>) outs(%e : tensor<3x4xi16>) dimensions = [0]
  %et = tensor.empty() : tensor<4x3xi16>
  %1 = linalg.transpose ins(%0 : tensor<3x4xi16>) outs(%et : tensor<4x3xi16>) permutation = [1, 0]
  return %0, %1 : tensor<3x4xi16>, tensor<4x3xi16>
}
