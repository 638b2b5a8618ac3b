// Issue 19: a worker runtime's calls travel through the call lane (shared memory,
// glue/js/call-lane.mjs) where the caller's thread can share memory, and as messages otherwise.
// Either way a call gives what the same call gives a runtime in this thread, calls are answered
// in the order they were made, and the runtime stays usable after an error. Requests and
// results too large for the lane, and errors, travel as messages.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Weft } from '../js/weft.node.mjs';
import { LANE_BYTES } from '../js/call-lane.mjs';
import { root, values } from './common.mjs';

const elementwise = path.join(root, 'tests/build/corpus/dyn_elementwise.wasm32.vmfb'); // scale_shift(x: ?xf32, s: f32)
const fill = path.join(root, 'tests/build/corpus/dyn_fill_sized.wasm32.vmfb'); // fill(n: i32, v: f32) -> ?xf32
const counter = path.join(root, 'tests/build/corpus/state_counter.wasm32.vmfb');

// Counts the messages this thread posts to its workers (the lane's calls post none).
function countPosts() {
  const original = Worker.prototype.postMessage;
  const counted = { n: 0, restore: () => { Worker.prototype.postMessage = original; } };
  Worker.prototype.postMessage = function (...args) {
    counted.n++;
    return original.apply(this, args);
  };
  return counted;
}

test('calls from the main thread take the lane, as messages only when too large; results equal the direct runtime', async () => {
  const rt = await Weft.create();
  const direct = await Weft.create({ worker: false });
  try {
    assert.equal((await rt.info()).calls, 'call lane (shared memory)');
    const [p, q] = [await rt.load(elementwise), await direct.load(elementwise)];
    const [f, g] = [await rt.load(fill), await direct.load(fill)];
    const fits = (LANE_BYTES - 128) / 4; // elements of a tensor that fits beside the rest of the call
    for (const n of [1, 17, fits, fits + 64, 3 * fits]) {
      const x = { dtype: 'f32', shape: [n], data: values(n, n, -8, 8) };
      const posts = countPosts();
      let got;
      try {
        got = await p.call('scale_shift', [x, -0.75]);
      } finally {
        posts.restore();
      }
      assert.equal(posts.n, n <= fits ? 0 : 1, `${n} elements: ${n <= fits ? 'through the lane' : 'as a message'}`);
      assert.deepEqual(got, await q.call('scale_shift', [x, -0.75]), `${n} elements`);
      // A small request whose result is too large for the lane: its reply comes as a message.
      assert.deepEqual(await f.call('fill', [n, 1.25]), await g.call('fill', [n, 1.25]), `fill ${n}`);
    }
  } finally {
    await rt.close();
  }
});

test('calls made without waiting are answered in order, the first through the lane and the rest as messages', async () => {
  const rt = await Weft.create();
  try {
    const p = await rt.load(counter);
    const made = [];
    for (let i = 1; i <= 12; i++) {
      made.push(p.call('remember', [{ dtype: 'i32', shape: [2, 2], data: Int32Array.of(i, i, i, i) }]));
      made.push(p.call('calls'));
      made.push(p.call('recall'));
    }
    const answers = await Promise.all(made);
    for (let i = 1; i <= 12; i++) {
      assert.deepEqual(answers[3 * i - 2], [i], `calls() after remember #${i}`);
      assert.deepEqual(Array.from(answers[3 * i - 1][0].data), [2 * i, 2 * i, 2 * i, 2 * i], `recall() after remember #${i}`);
    }
    // An unload made right after a call waits for it.
    const last = p.call('calls');
    await Promise.all([p.unload(), last.then((r) => assert.deepEqual(r, [12]))]);
  } finally {
    await rt.close();
  }
});

test('an error through the lane comes back as the direct runtime gives it, and the lane goes on', async () => {
  const rt = await Weft.create();
  const direct = await Weft.create({ worker: false });
  try {
    const [p, q] = [await rt.load(elementwise), await direct.load(elementwise)];
    const wrong = { dtype: 'i32', shape: [3], data: Int32Array.of(1, 2, 3) };
    const expected = await q.call('scale_shift', [wrong, 2]).then(() => assert.fail('the direct runtime accepted an i32 tensor'), (e) => e);
    await assert.rejects(p.call('scale_shift', [wrong, 2]), { code: expected.code, message: expected.message });
    const x = { dtype: 'f32', shape: [3], data: Float32Array.of(1, 2, 3) };
    const posts = countPosts();
    try {
      assert.deepEqual(await p.call('scale_shift', [x, 2]), await q.call('scale_shift', [x, 2]));
    } finally {
      posts.restore();
    }
    assert.equal(posts.n, 0, 'the call after the error took the lane');
  } finally {
    await rt.close();
  }
});

// Atomics.waitAsync never settles in Node 20's worker threads; the lane does not depend on it.
test('a runtime created in a Node worker thread calls through the lane too', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-lane-'));
  const script = path.join(dir, 'caller.mjs');
  writeFileSync(script, `
import { parentPort } from 'node:worker_threads';
import { Weft } from ${JSON.stringify(pathToFileURL(path.join(root, 'glue/js/weft.node.mjs')).href)};
const rt = await Weft.create();
const p = await rt.load(${JSON.stringify(elementwise)});
const [y] = await p.call('scale_shift', [{ dtype: 'f32', shape: [2], data: Float32Array.of(1, -2) }, 3]);
parentPort.postMessage({ calls: (await rt.info()).calls, y: Array.from(y.data) });
await rt.close();
`);
  const worker = new Worker(script);
  const answer = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.deepEqual(answer, { calls: 'call lane (shared memory)', y: [4, -5] });
});
