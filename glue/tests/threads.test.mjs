// The thread pool (glue/wasm-loader/src/pool.rs, glue/js/pool.mjs): dispatches whose workgroups are split
// between the runtime's thread and Workers sharing its memory give the reference runtime's
// results, really run on more than one thread, turn a kernel's wasm trap into an error naming
// the kernel and workgroup on any thread (the runtime stays usable), and free every thread's
// kernel stacks on unload.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Weft } from '../js/weft.node.mjs';
import { root, requireFile, oraclePrograms, runOracle, reference, programDirectives } from './common.mjs';

// Corpus programs whose wasm32 calls all match the reference (corpus_oracle.test.mjs lists
// the known differences).
const known = new Set(programDirectives('corpus').filter((p) => p.known_wasm32_differences.length > 0).map((p) => p.name));
const corpus = oraclePrograms('corpus', 'wasm32').filter((p) => !known.has(p.name));

const DIVIDE = requireFile(path.join(root, 'tests/build/linker/divide.wasm32.vmfb'));
const N = 512 * 512; // divide's tensors; its grid is 64 workgroups of 4096 elements

function divideInputs() {
  const a = Int32Array.from({ length: N }, (_, i) => (i * 7919) % 100003 - 50000);
  const b = Int32Array.from({ length: N }, (_, i) => (i % 13) - 6 || 7);
  return [a, b].map((data) => ({ dtype: 'i32', shape: [512, 512], data }));
}

// The reference runtime's quotient for the inputs above (host build, iree-run-module).
const divideReference = (() => {
  let cached;
  return () => (cached ??= new Int32Array(reference('divide', 'host', 'divide', divideInputs().map((t) => ({
    shape: '512x512', dtype: 'i32', bytes: new Uint8Array(t.data.buffer),
  }))).buffer));
})();

// In this thread: one runtime module per thread, so every direct runtime here has 2 threads.
let direct;
test.before(async () => { direct = await Weft.create({ worker: false, threads: 2 }); });

test('with threads: 2 the corpus wasm32 builds match the reference, and workgroups ran on both threads', async () => {
  const info = await direct.info();
  assert.deepEqual([info.threads, info.threading, info.worker], [2, '2 threads: as the threads option asked', false]);
  assert.ok(corpus.length >= 60, `only ${corpus.length} corpus programs`);
  direct._workgroupCounts();
  const { failures, calls } = await runOracle(direct, corpus);
  const counts = direct._workgroupCounts();
  assert.deepEqual(failures, [], `${failures.length} of ${calls} calls differ`);
  assert.equal(counts.length, 2);
  assert.ok(counts[0] > 0 && counts[1] > 0, `workgroups per thread: ${counts}`);
});

test('a 64-workgroup dispatch split over 2 threads gives the reference result, the worker taking part', async () => {
  const program = await direct.load(DIVIDE);
  const want = divideReference();
  direct._workgroupCounts();
  for (let i = 0; i < 5; i++) {
    const [q] = await program.call('divide', divideInputs());
    assert.deepEqual(q.data, want);
  }
  const counts = direct._workgroupCounts();
  assert.equal(counts[0] + counts[1], 5 * 64);
  assert.ok(counts[1] > 0, `the worker ran no workgroup: ${counts}`);
  await program.unload();
});

// A zero divisor in the grid's last workgroup only: whichever thread claims it traps.
async function trapThenGoodCall(rt, threads) {
  const program = await rt.load(DIVIDE);
  const want = divideReference();
  const [a, b] = divideInputs();
  const zero = { ...b, data: b.data.slice() };
  zero.data[N - 3] = 0;
  const onThread = new Set();
  for (let i = 0; i < 40 && onThread.size < threads; i++) {
    const error = await program.call('divide', [a, zero]).then(() => null, (e) => e);
    assert.ok(error instanceof Error, 'dividing by zero did not fail');
    const m = /kernel 'divide_dispatch_0_\w+' trapped \((.+)\) in workgroup \(63, 0, 0\) on thread (\d)/.exec(error.message);
    assert.ok(m, `unclear error: ${error.message}`);
    assert.match(m[1], /divide by zero/);
    onThread.add(Number(m[2]));
    const [q] = await program.call('divide', [a, b]);
    assert.deepEqual(q.data, want, 'the call after the trap');
  }
  assert.equal(onThread.size, threads, `traps seen on threads ${[...onThread]}`);
  await program.unload();
}

for (const threads of [1, 2]) {
  test(`a trapping kernel is a clear error and the runtime stays usable (worker runtime, threads: ${threads})`, async () => {
    const rt = await Weft.create({ threads });
    try {
      assert.equal((await rt.info()).threads, threads);
      await trapThenGoodCall(rt, threads);
    } finally {
      await rt.close();
    }
  });
}

test('a trapping kernel is a clear error on either thread of a direct runtime', async () => {
  await trapThenGoodCall(direct, 2);
});

test('a second runtime in the same thread cannot ask for another thread count', async () => {
  await assert.rejects(Weft.create({ worker: false, threads: 3 }), /already runs on 2 threads/);
  await assert.rejects(Weft.create({ threads: 0 }), /threads must be an integer from 1 to 64, got 0/);
});

test('load/unload cycles of a kernel with a stack free every thread\'s stack (heap bytes in use and memory stay flat)', async () => {
  // half.wasm32's kernel needs a stack: one 64 KiB block per thread per load.
  const file = requireFile(path.join(root, 'tests/build/linker/half.wasm32.vmfb'));
  const cycle = async () => {
    for (let i = 0; i < 60; i++) await (await direct.load(file)).unload();
    return direct._usage();
  };
  const first = await cycle();
  const second = await cycle();
  assert.deepEqual(second, first);
});
