// Functions compiled with `--iree-execution-model=async-external` (the coarse-fences ABI: the VM
// function takes a wait and a signal fence after its arguments) through the typed API. The
// caller passes only the function's own arguments; Weft passes the fences as iree-run-module
// does (no wait fence, a fresh signal fence) and resolves once the signal fence is reached.
// Results are compared with the reference runtime running the x86 build of the same source
// (tests/build/corpus/async_external.oracle.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Weft } from '../js/weft.node.mjs';
import { oraclePrograms, runOracle } from './common.mjs';

const [program] = oraclePrograms('corpus', 'wasm32').filter((p) => p.name === 'async_external');

test('an async-external wasm32 program is called with its own arguments and matches the reference', async () => {
  assert.ok(program, 'tests/programs/corpus/async_external.mlir is built for wasm32 and recorded');
  const rt = await Weft.create();
  try {
    const p = await rt.load(program.module);
    // Reflection: async, the fences in the calling convention but not among the arguments.
    const fc = p.functions.find((f) => f.name === 'fc');
    assert.equal(fc.async, true);
    assert.equal(fc.cconv, '0rrrr_r');
    assert.equal(fc.signature, 'async fc(input0: tensor<2x4xf32>, input1: tensor<4x3xf32>) -> tensor<2x3xf32>');
    assert.deepEqual(fc.args.map((a) => a.kind), ['tensor', 'tensor']);
    const scaled = p.functions.find((f) => f.name === 'scaled_sum');
    assert.deepEqual(scaled.args.map((a) => a.kind), ['tensor', 'scalar']);
    // Passing the fences as arguments is a mistake the error explains.
    const x = { dtype: 'f32', shape: [2, 4], data: new Float32Array(8) };
    const w = { dtype: 'f32', shape: [4, 3], data: new Float32Array(12) };
    await assert.rejects(p.call('fc', [x, w, 0, 0]), /function 'fc' takes 2 argument\(s\) but 4 were given; its signature is async fc\(/);
    // The printed results are iree-run-module's for the recorded single calls.
    for (const call of program.oracle.runs.flatMap((r) => r.calls).filter((c) => c.iree_run_module)) {
      const { results } = await p.callText(call.function, call.inputs);
      const printed = results.map((r, i) => `result[${i}]: ${r}\n`).join('');
      assert.equal(`EXEC @${call.function}\n${printed}`, call.iree_run_module.stdout);
    }
    await p.unload();
    // Every recorded call (runs of several calls on one load too) through the typed API.
    const { failures, calls } = await runOracle(rt, [program]);
    assert.equal(calls, 4);
    assert.deepEqual(failures, []);
  } finally {
    await rt.close();
  }
});

test('a sync program reports async: false', async () => {
  const [sync] = oraclePrograms('corpus', 'wasm32').filter((p) => p.name === 'mm_linalg');
  const rt = await Weft.create({ worker: false });
  const p = await rt.load(sync.module);
  assert.deepEqual(p.functions.map((f) => f.async), p.functions.map(() => false));
  await p.unload();
});
