// The seed-compatible API's input and iteration rules, as IREE's sample (sample_dynamic) had
// them: an inputs array is joined with ';' and the joined text split on ';' again, an empty
// text being no inputs (the sample's page passed its inputs box split on newlines, so an empty
// box arrived as [""]); `iterations` calls run the function that many times on inputs parsed
// once, and total_invoke_time_ms times the calls alone. Results come from the reference
// runtime (tests/build/seed/seed_calls.oracle.json, the x86 build; Weft runs the wasm32 one).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as iree from '../js/iree_api.node.mjs';
import { oraclePrograms, resultTypes, seedText, samePrinted, textToTensor, tensorMismatch } from './common.mjs';
import { TYPED_ARRAYS } from '../js/values.mjs';

const program = oraclePrograms('seed', 'wasm32').find((p) => p.name === 'seed_calls');
const recorded = (fn) => program.oracle.runs.map((r) => r.calls[0]).find((c) => c.function === fn);

let state;
before(async () => {
  await iree.ireeInitializeWorker();
  state = await iree.ireeLoadProgram(new Uint8Array(readFileSync(program.module)).buffer);
});
after(async () => {
  await iree.ireeUnloadProgram(state);
});

test('a function without inputs takes [""], [], "" (the sample page\'s empty inputs box)', async () => {
  const call = recorded('collatz');
  assert.deepEqual(call.inputs, []);
  const want = seedText(call.results[0], resultTypes(call.cconv)[0]);
  for (const inputs of [[''], [], '']) {
    const out = await iree.ireeCallFunction(state, 'collatz', inputs);
    assert.equal(out.outputs, want, `inputs ${JSON.stringify(inputs)}`);
  }
});

test('array inputs are joined with ";" and split again, as the sample did', async () => {
  const call = recorded('scale_add');
  const [x, y, s] = call.inputs;
  const want = /^result\[0\]: hal\.buffer_view\n(.*)$/m.exec(call.iree_run_module.stdout)[1];
  for (const inputs of [[x, y, s], [`${x};${y}`, s], [x, `${y};${s}`], `${x};${y};${s}`]) {
    const out = await iree.ireeCallFunction(state, 'scale_add', inputs);
    assert.ok(samePrinted(out.outputs, want), `inputs ${JSON.stringify(inputs)}: ${out.outputs}, reference ${want}`);
  }
  // An empty entry is an empty input (after the join): the reference takes 3, not 4 or 0.
  await assert.rejects(iree.ireeCallFunction(state, 'scale_add', [x, y, s, '']), /takes 3 argument\(s\) but 4 were given/);
  await assert.rejects(iree.ireeCallFunction(state, 'scale_add', ['']), /takes 3 argument\(s\) but 0 were given/);
});

test('iterations: the last call\'s results, and total_invoke_time_ms counts the calls only', async () => {
  const call = recorded('negate');
  const count = call.results[0].shape[0];
  // The recorded splat input written out element by element: parsing it, and formatting the
  // result (every element, as the seed did), cost far more than negating it.
  const [shape, value] = call.inputs[0].split('=');
  const input = `${shape}=${Array(count).fill(value).join(' ')}`;
  for (const iterations of [1, 5]) {
    const start = performance.now();
    const out = await iree.ireeCallFunction(state, 'negate', [input], iterations);
    const wall = performance.now() - start;
    const m = tensorMismatch(textToTensor(out.outputs, TYPED_ARRAYS), call.results[0], 0);
    assert.equal(m, null, `${iterations} iteration(s)`);
    assert.ok(Number.isInteger(out.total_invoke_time_ms) && out.total_invoke_time_ms >= 0, `${out.total_invoke_time_ms}`);
    // Quiet, the calls take 0-11% of the request; timing everything would take nearly all of
    // it. Half is the line between the two that a loaded machine does not cross (a CI run
    // beside a benchmark gave 26%).
    assert.ok(out.total_invoke_time_ms * 2 <= wall, `${iterations} iteration(s): ${out.total_invoke_time_ms} ms of calls in a ${wall.toFixed(1)} ms request`);
  }
});

test('iterations that are not a whole number of at least 1 are refused (BAD_ARGUMENT)', async () => {
  for (const iterations of [0, -1, 1.5, NaN, Infinity, -Infinity, '', 'two', 2 ** 32]) {
    await assert.rejects(iree.ireeCallFunction(state, 'collatz', [''], iterations), (e) => {
      assert.equal(e.code, 'BAD_ARGUMENT', `iterations ${String(iterations)}`);
      assert.match(e.message, /^iterations must be a whole number from 1 to \d+, got /);
      return true;
    });
  }
  // The sample's page passed its iterations box's text: a numeric string is a count.
  const call = recorded('collatz');
  const out = await iree.ireeCallFunction(state, 'collatz', [''], '3');
  assert.equal(out.outputs, seedText(call.results[0], resultTypes(call.cconv)[0]));
});

test("ireeLoadProgram takes Weft's device option: a program for the GPU alone is refused on 'cpu', saying how to build for both", async () => {
  const gpuOnly = new Uint8Array(readFileSync(new URL('../../tests/build/corpus/gpu_signed_integers.vulkan.vmfb', import.meta.url))).buffer;
  await assert.rejects(iree.ireeLoadProgram(gpuOnly, { device: 'cpu' }), {
    code: 'UNSUPPORTED',
    message: /compiled for the GPU only .* device 'cpu' was asked for; compile it with --iree-hal-target-device=vulkan,local/,
  });
  await assert.rejects(iree.ireeLoadProgram(gpuOnly, { device: 'tpu' }), { code: 'BAD_ARGUMENT', message: /device must be 'auto', 'webgpu' or 'cpu', got "tpu"/ });
});
