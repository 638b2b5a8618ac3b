// The tiny program of the per-call latency measurement: abs of one f32 (one dispatch).
func.func @abs(%x: tensor<1xf32>) -> tensor<1xf32> {
  %0 = math.absf %x : tensor<1xf32>
  return %0 : tensor<1xf32>
}
