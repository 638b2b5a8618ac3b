// The demo programs offered ready to load. They are compiled from
// tests/programs/samples/<id>.mlir for wasm32 into tests/build/samples/, which web/serve.mjs
// serves under /samples/ (and their sources under /sources/). `inputs` prefill the call form (iree-run-module --input syntax).

export const samples = [
  {
    id: 'simple_abs',
    summary: 'absolute value of an f32 scalar tensor (one kernel dispatch)',
    function: 'abs',
    inputs: ['f32=-2.5'],
  },
  {
    id: 'fully_connected',
    summary: 'a fully connected layer: relu(x · w + b) for 2×4 inputs and 3 units',
    function: 'dense',
    inputs: ['2x4xf32=1 2 3 4 -1 0.5 -2 1', '4x3xf32=0.5 -1 0 1 0.5 -0.5 -0.5 0 1 0 1 0.5', '3xf32=0.5 -1 0'],
  },
  {
    id: 'collatz',
    summary: 'Collatz sequence of an f32 start value: steps and highest value (scalar loop, no tensors)',
    function: 'collatz',
    inputs: ['27'],
  },
];

/** URL of a sample's MLIR source, relative to the pages. */
export function sourceUrl(sample) {
  return `sources/${sample.id}.mlir`;
}

/** URL of a sample's wasm32 program, relative to the pages. */
export function sampleUrl(sample) {
  return `samples/${sample.id}.wasm32.vmfb`;
}

export function sampleById(id) {
  return samples.find((s) => s.id === id);
}
