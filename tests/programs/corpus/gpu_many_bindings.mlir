// TARGETS: wasm32 host vmvx vulkan-wasm32
// One elementwise dispatch reading nine tensors and writing one: ten storage buffers, more
// than WebGPU's default of 8 per shader stage, so glue/wgsl must refuse it on such an adapter
// by naming the limit.
// RUN: sum9 '4xf32=1 2 3 4' '4xf32=1' '4xf32=2' '4xf32=3' '4xf32=4' '4xf32=5' '4xf32=6' '4xf32=7' '4xf32=8'
func.func @sum9(%a: tensor<4xf32>, %b: tensor<4xf32>, %c: tensor<4xf32>, %d: tensor<4xf32>,
                %e: tensor<4xf32>, %f: tensor<4xf32>, %g: tensor<4xf32>, %h: tensor<4xf32>,
                %i: tensor<4xf32>) -> tensor<4xf32> {
  %init = tensor.empty() : tensor<4xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(x) -> (x)>, affine_map<(x) -> (x)>, affine_map<(x) -> (x)>,
                                        affine_map<(x) -> (x)>, affine_map<(x) -> (x)>, affine_map<(x) -> (x)>,
                                        affine_map<(x) -> (x)>, affine_map<(x) -> (x)>, affine_map<(x) -> (x)>,
                                        affine_map<(x) -> (x)>],
                       iterator_types = ["parallel"]}
      ins(%a, %b, %c, %d, %e, %f, %g, %h, %i : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
          tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
      outs(%init : tensor<4xf32>) {
    ^bb0(%va: f32, %vb: f32, %vc: f32, %vd: f32, %ve: f32, %vf: f32, %vg: f32, %vh: f32, %vi: f32, %o: f32):
      %s1 = arith.addf %va, %vb : f32
      %s2 = arith.addf %s1, %vc : f32
      %s3 = arith.addf %s2, %vd : f32
      %s4 = arith.addf %s3, %ve : f32
      %s5 = arith.addf %s4, %vf : f32
      %s6 = arith.addf %s5, %vg : f32
      %s7 = arith.addf %s6, %vh : f32
      %s8 = arith.addf %s7, %vi : f32
      linalg.yield %s8 : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}
