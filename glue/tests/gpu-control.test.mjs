// The control word the runtime's thread blocks on while the GPU worker serves a request
// (glue/js/gpu/control.mjs): a request may take longer than the silence limit as long as the
// worker's heartbeat goes on, and a worker that goes silent is given up on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { createControl, expectAnswer, awaitAnswer, BEAT_MS } from '../js/gpu/control.mjs';

const CONTROL = new URL('../js/gpu/control.mjs', import.meta.url).href;

/** A worker that beats every BEAT_MS for `workMs` (or stays silent), then answers `text`. */
function serve(control, { workMs, beating, text }) {
  const code = `
    import { workerData } from 'node:worker_threads';
    const { answer, beat, BEAT_MS } = await import(${JSON.stringify(CONTROL)});
    const { control, workMs, beating, text } = workerData;
    const timer = beating ? setInterval(() => beat(control), BEAT_MS) : null;
    setTimeout(() => { clearInterval(timer); answer(control, { failed: false, text }); }, workMs);
  `;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData: { control, workMs, beating, text } });
}

test('a request longer than the silence limit is answered while the worker beats', async () => {
  const control = createControl();
  expectAnswer(control);
  const worker = serve(control, { workMs: 4 * BEAT_MS, beating: true, text: 'done' });
  const started = Date.now();
  const reply = awaitAnswer(control, 2.5 * BEAT_MS);
  assert.deepEqual(reply, { failed: false, text: 'done' });
  assert.ok(Date.now() - started >= 3.5 * BEAT_MS, 'the answer came after the work, not at once');
  await worker.terminate();
});

test('a worker that goes silent is given up on after the silence limit', async () => {
  const control = createControl();
  expectAnswer(control);
  const worker = serve(control, { workMs: 8 * BEAT_MS, beating: false, text: 'too late' });
  const started = Date.now();
  assert.equal(awaitAnswer(control, 2.5 * BEAT_MS), null);
  const waited = Date.now() - started;
  assert.ok(waited >= 2.5 * BEAT_MS && waited < 6 * BEAT_MS, `gave up after ${waited} ms`);
  await worker.terminate();
});
