// Weft's thread pool in Chromium. On a cross-origin-isolated page a runtime with 2 threads
// (its Worker plus a pool worker nested in it) gives the reference runtime's result for a
// 64-workgroup dispatch and turns a kernel's trap into a clear error, staying usable. Served
// without the isolation headers, Weft runs on one thread, says why in info() and once in the
// console, and still computes the same result.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openBrowser, root } from './browser.mjs';
import { reference } from '../../glue/tests/common.mjs';

const DIVIDE = path.join(root, 'tests/build/linker/divide.wasm32.vmfb');
const N = 512 * 512;
// Inputs built the same way in Node (for the reference) and in the page.
const makeInputs = (n) => [
  Int32Array.from({ length: n }, (_, i) => (i * 7919) % 100003 - 50000),
  Int32Array.from({ length: n }, (_, i) => (i % 13) - 6 || 7),
];

let browser;
let want;
before(async () => {
  browser = await openBrowser();
  const inputs = makeInputs(N).map((data) => ({ shape: '512x512', dtype: 'i32', bytes: new Uint8Array(data.buffer) }));
  want = new Int32Array(reference('divide', 'host', 'divide', inputs).buffer);
});
after(async () => {
  await browser?.close();
});

// An empty page of the test server (so no other runtime is on it), with or without the
// isolation headers; it can also fetch divide.wasm32.vmfb (from tests/build).
async function openPage({ isolated }) {
  const page = await browser.context.newPage();
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  const isolation = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
  await page.route('**/*', async (route) => {
    const { pathname } = new URL(route.request().url());
    const own = { 'Cross-Origin-Resource-Policy': 'same-origin', ...isolation };
    if (pathname === '/threads.html') return route.fulfill({ body: '<!doctype html><title>threads</title>', headers: { 'Content-Type': 'text/html', ...own } });
    if (pathname === '/divide.wasm32.vmfb') return route.fulfill({ body: readFileSync(DIVIDE), headers: { 'Content-Type': 'application/octet-stream', ...own } });
    const response = await route.fetch();
    const headers = { ...response.headers() };
    if (!isolated) {
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
    }
    return route.fulfill({ response, headers });
  });
  await page.goto(`${browser.base}threads.html`);
  return { page, warnings };
}

// In the page: a worker runtime (`threads` if given), its info(), the quotient, and the
// errors of dividing by a zero placed in the last workgroup.
function runInPage(page, threads) {
  return page.evaluate(async ({ threads, n, makeInputsSource }) => {
    const makeInputs = eval(makeInputsSource);
    const { Weft } = await import('/glue/js/weft.mjs');
    const rt = await Weft.create(threads === null ? {} : { threads });
    try {
      const info = await rt.info();
      const program = await rt.load('/divide.wasm32.vmfb');
      const [a, b] = makeInputs(n).map((data) => ({ dtype: 'i32', shape: [512, 512], data }));
      const zero = { ...b, data: b.data.slice() };
      zero.data[n - 3] = 0;
      const errors = [];
      let quotient;
      for (let i = 0; i < 6; i++) {
        errors.push(await program.call('divide', [a, zero]).then(() => 'no error', (e) => e.message));
        [quotient] = await program.call('divide', [a, b]);
      }
      await program.unload();
      return { info, errors, quotient: Array.from(quotient.data) };
    } finally {
      await rt.close();
    }
  }, { threads, n: N, makeInputsSource: makeInputs.toString() });
}

const TRAP = /^hal\.device\.queue\.execute(\.indirect)?: kernel 'divide_dispatch_0_\w+' trapped \(divide by zero\) in workgroup \(63, 0, 0\) on thread [01]\b/;

test('cross-origin isolated: 2 threads give the reference result, and a trap is a clear error', async () => {
  const { page, warnings } = await openPage({ isolated: true });
  assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true);
  const got = await runInPage(page, 2);
  assert.deepEqual([got.info.threads, got.info.threading], [2, '2 threads: as the threads option asked']);
  for (const e of got.errors) assert.match(e, TRAP);
  assert.deepEqual(got.quotient, Array.from(want));
  assert.deepEqual(warnings, []);
  await page.close();
});

test('not isolated: 1 thread, said in info() and once in the console; same result', async () => {
  const { page, warnings } = await openPage({ isolated: false });
  assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), false);
  const got = await runInPage(page, null);
  assert.equal(got.info.threads, 1);
  assert.match(got.info.threading, /^1 thread: the page is not cross-origin isolated.*Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp/);
  for (const e of got.errors) assert.match(e, TRAP);
  assert.deepEqual(got.quotient, Array.from(want));
  assert.deepEqual(warnings.filter((w) => /Weft/.test(w)), [`Weft: runs on ${got.info.threading}`]);
  await page.close();
});
