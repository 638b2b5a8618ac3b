// Every recorded call of tests/programs/vm (scalar programs) through the typed API, in a
// worker (default) and in this thread, and through the seed-compatible API: the results must be
// the reference runtime's (tests/build/vm/*.oracle.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Weft } from '../js/weft.node.mjs';
import * as iree from '../js/iree_api.node.mjs';
import { oraclePrograms, resultTypes, runOracle, seedText } from './common.mjs';

const programs = oraclePrograms('vm');

const runAll = (rt) => runOracle(rt, programs);

test('typed API in a worker matches the reference runtime on every vm program', async () => {
  const rt = await Weft.create();
  try {
    const { failures, calls } = await runAll(rt);
    assert.ok(calls >= 200, `only ${calls} calls recorded`);
    assert.deepEqual(failures, [], `${failures.length} of ${calls} calls differ`);
  } finally {
    await rt.close();
  }
});

test('typed API in this thread (worker: false) matches the reference runtime', async () => {
  const rt = await Weft.create({ worker: false });
  const { failures } = await runAll(rt);
  assert.deepEqual(failures, []);
});

test('seed-compatible API (ireeCallFunction) formats like the seed sample', async () => {
  await iree.ireeInitializeWorker();
  let compared = 0;
  for (const p of programs.filter((p) => p.ulp === 0 && !p.loadError)) {
    for (const run of p.oracle.runs) {
      // An ArrayBuffer, as the seed took (a Buffer's .buffer may be a shared pool: copy). One
      // load per recorded run: programs keep state in globals.
      const state = await iree.ireeLoadProgram(new Uint8Array(readFileSync(p.module)).buffer);
      for (const call of run.calls) {
        if (call.error !== null) {
          await assert.rejects(iree.ireeCallFunction(state, call.function, call.inputs.join(';')), Error);
          continue;
        }
        const types = resultTypes(call.cconv);
        const expected = call.results.map((v, i) => (p.defects.includes(`${call.function}#${i}`) ? null : seedText(v, types[i])));
        const out = await iree.ireeCallFunction(state, call.function, call.inputs.join(';'), 1);
        assert.equal(typeof out.total_invoke_time_ms, 'number');
        const got = out.outputs.split(';');
        expected.forEach((e, i) => {
          if (e !== null) assert.equal(got[i], e, `${p.name} ${call.function}(${call.inputs}) output ${i}`);
        });
        compared++;
      }
      await iree.ireeUnloadProgram(state);
    }
  }
  assert.ok(compared > 100);
  // iterations: the call runs that many times and reports the last results.
  const arith = await iree.ireeLoadProgram(programs.find((p) => p.name === 'i32_arith').module);
  const r = await iree.ireeCallFunction(arith, 'arith', ['7', '3'], 50);
  assert.equal(r.outputs, 'i32=10;i32=4;i32=21');
  await assert.rejects(iree.ireeCallFunction(await iree.ireeLoadProgram(readFileSync(programs.find((p) => !p.loadError).module)), 'nope', []), /not found/);
});
