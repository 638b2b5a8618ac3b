// Supervision of a runtime: requests with a deadline (`timeoutMs`, per request or the
// runtime's default) or an AbortSignal; a worker runtime stops its worker when one expires and
// the next request on the same Runtime object starts a fresh one; programs of a stopped worker
// and unloaded programs are stale handles that reject and never reach another program; a
// runtime in this thread cannot be interrupted but checks deadlines between steps and stops
// for good after an exception it does not know.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { Weft } from '../js/weft.node.mjs';
import { root } from './common.mjs';

const collatz = path.join(root, 'tests/build/samples/collatz.wasm32.vmfb');
const abs = path.join(root, 'tests/build/samples/simple_abs.wasm32.vmfb');
const arith = path.join(root, 'tests/build/vm/i32_arith.vmvx.vmfb');

test('an endless call is stopped by timeoutMs and by an AbortSignal; the same Runtime goes on', async () => {
  const rt = await Weft.create({ threads: 2 });
  try {
    let p = await rt.load(collatz);
    assert.deepEqual(await p.call('collatz', [27]), [111, 9232]);
    const started = performance.now();
    // Collatz of +Infinity never reaches 1.
    await assert.rejects(p.call('collatz', [Infinity], { timeoutMs: 300 }), { code: 'TIMEOUT', message: /call 'collatz' did not finish within 300 ms/ });
    assert.ok(performance.now() - started < 5000, 'the deadline stopped the call');
    await assert.rejects(p.call('collatz', [27]), { code: 'RUNTIME_LOST', message: /program 'collatz' was loaded in a runtime that was stopped \(call 'collatz' did not finish within 300 ms/ });
    assert.deepEqual(await p.unload(), undefined, 'unloading a stale program is harmless');

    p = await rt.load(collatz);
    assert.deepEqual(await p.call('collatz', [27]), [111, 9232]);
    let info = await rt.info();
    assert.equal(info.restarts, 1);
    assert.match(info.lastRestart, /did not finish within 300 ms/);
    assert.equal(info.threads, 2, 'the fresh worker has its pool again');

    const controller = new AbortController();
    const call = p.call('collatz', [Infinity], { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('the user left')), 200);
    await assert.rejects(call, { code: 'ABORTED', message: /call 'collatz' was aborted: the user left/ });
    // An already aborted signal rejects at once, without touching the runtime.
    await assert.rejects(rt.load(collatz, { signal: AbortSignal.abort() }), { code: 'ABORTED' });
    p = await rt.load(collatz);
    assert.deepEqual(await p.call('collatz', [6]), [8, 16]);
    info = await rt.info();
    assert.equal(info.restarts, 2);
    assert.match(info.lastRestart, /aborted: the user left/);
  } finally {
    await rt.close();
  }
});

test('a timeout stops what else was pending with RUNTIME_LOST; the runtime default applies to every request', async () => {
  const rt = await Weft.create({ timeoutMs: 400 });
  try {
    const p = await rt.load(collatz);
    const q = await rt.load(arith);
    const endless = p.call('collatz', [Infinity]);
    const queued = q.call('arith', [1, 2]); // answered after the endless call: never
    await assert.rejects(endless, { code: 'TIMEOUT', message: /within 400 ms/ });
    await assert.rejects(queued, { code: 'RUNTIME_LOST', message: /the Weft runtime was stopped \(call 'collatz' did not finish within 400 ms/ });
    const again = await rt.load(arith, { timeoutMs: 60_000 }); // per request over the default
    assert.deepEqual(await again.call('arith', [7, 3]), [10, 4, 21]);
  } finally {
    await rt.close();
  }
});

for (const worker of [true, false]) {
  test(`a stale handle rejects and never reaches the program loaded after it (${worker ? 'worker' : 'direct'})`, async () => {
    const rt = await Weft.create({ worker });
    try {
      const p1 = await rt.load(collatz);
      await p1.unload();
      const p2 = await rt.load(abs);
      await assert.rejects(p1.call('collatz', [3]), { code: 'UNLOADED', message: /program 'collatz' was unloaded; load it again to call 'collatz'/ });
      await assert.rejects(p1.inspect(), { code: 'UNLOADED' });
      await p1.unload(); // harmless, and it must not unload p2
      const [y] = await p2.call('abs', [{ dtype: 'f32', shape: [], data: Float32Array.of(-2.5) }]);
      assert.equal(y.data[0], 2.5);
      assert.match(await p2.inspect(), /abs/);
    } finally {
      await rt.close();
    }
  });
}

test('a runtime in this thread checks deadlines before a call, stops after an exception it does not know, and a new one starts afresh', async () => {
  const rt = await Weft.create({ worker: false });
  const p = await rt.load(arith);
  await assert.rejects(p.call('arith', [1, 2], { signal: AbortSignal.abort(new Error('no')) }), { code: 'ABORTED', message: /aborted: no/ });
  await assert.rejects(p.call('arith', [1, 2], { timeoutMs: 0 }), { code: 'BAD_ARGUMENT', message: /timeoutMs must be a positive number/ });
  assert.deepEqual(await p.call('arith', [7, 3], { timeoutMs: 10_000 }), [10, 4, 21]);
  // Anything but the core's own errors escaping the runtime module means its state is unknown.
  assert.throws(() => rt._guard(() => { throw new TypeError('recursive use of an object detected'); }), { code: 'RUNTIME_LOST', message: /internal error \(recursive use/ });
  await assert.rejects(p.call('arith', [7, 3]), { code: 'RUNTIME_LOST', message: /create a new runtime/ });
  await assert.rejects(rt.load(arith), { code: 'RUNTIME_LOST' });
  // A new runtime in this thread starts a fresh instance (here with a pool of two threads);
  // the lost one's handles still refuse work.
  // Two created at once share the one new instance.
  const [again, also] = await Promise.all([Weft.create({ worker: false, threads: 2 }), Weft.create({ worker: false })]);
  assert.deepEqual(await (await again.load(arith)).call('arith', [7, 3]), [10, 4, 21]);
  assert.deepEqual(await (await also.load(arith)).call('arith', [7, 3]), [10, 4, 21]);
  await assert.rejects(p.call('arith', [7, 3]), { code: 'RUNTIME_LOST' });
  await again.close();
  await also.close();
});
