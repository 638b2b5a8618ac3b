// Bad input on web/index.html and web/benchmarks.html: a file that is not a .vmfb, a URL that
// does not exist, a function the program lacks, the wrong number of inputs, an unreadable
// input and tensors that do not fit the signature each show the runtime's message, and the next good call still gives the reference
// runtime's output.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, oracleCalls, samplePath } from './browser.mjs';
import { loadFile, loadUrl, call, benchmark, loadSample } from './pages.mjs';

let browser;
let page;
const [good] = oracleCalls('collatz');

before(async () => {
  browser = await openBrowser();
  page = await browser.newPage('index.html');
});
after(async () => {
  await browser?.close();
});

async function goodCallWorks() {
  const got = await call(page, good.function, good.inputs);
  assert.equal(got.error, '', 'the error message is cleared by a good call');
  assert.equal(got.outputs, good.stdout);
}

test('a file that is not a .vmfb: clear message, then a real program loads', async () => {
  const bad = await loadFile(page, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('these are not the bytes of a program\n') });
  assert.match(bad.error, /^Could not load notes\.txt: malformed \.vmfb/);
  assert.equal(bad.status, 'No program loaded.');
  assert.equal(await page.getByRole('button', { name: 'Call', exact: true }).isDisabled(), true);
  const ok = await loadFile(page, samplePath('collatz'));
  assert.equal(ok.error, '', 'the load error is cleared by a good load');
  await goodCallWorks();
});

test('a URL that does not exist: HTTP status shown, the loaded program stays usable', async () => {
  const bad = await loadUrl(page, 'samples/no-such-program.vmfb');
  assert.match(bad.error, /^Could not load samples\/no-such-program\.vmfb: .*HTTP 404/);
  assert.match(bad.status, /^Still loaded: collatz\.wasm32\.vmfb/);
  await goodCallWorks();
});

test('a function the program does not export', async () => {
  const got = await call(page, 'no_such_function', good.inputs);
  assert.match(got.error, /^Call of 'no_such_function' failed: .*function 'no_such_function' not found.*it exports: collatz/);
  assert.equal(got.outputs, '', 'no stale outputs next to an error');
  await browser.screenshot(page, 'index-error-missing-function');
  await goodCallWorks();
});

test('the wrong number of inputs', async () => {
  let got = await call(page, good.function, [...good.inputs, '2']);
  assert.match(got.error, /^Call of 'collatz' failed: .*takes 1 argument\(s\),? but 2 (input\(s\) )?were given/);
  got = await call(page, good.function, []);
  assert.match(got.error, /takes 1 argument\(s\),? but 0 (input\(s\) )?were given/);
  await goodCallWorks();
});

test('an input that is not a number', async () => {
  const got = await call(page, good.function, ['twenty-seven']);
  assert.match(got.error, /^Call of 'collatz' failed: .*`twenty-seven` is not a valid f32/);
  await goodCallWorks();
});

test('tensors of the wrong shape, element type or value count (fully_connected)', async () => {
  const [dense] = oracleCalls('fully_connected');
  assert.equal((await loadUrl(page, 'samples/fully_connected.wasm32.vmfb')).error, '');
  const cases = [
    [[dense.inputs[0], '4x4xf32=0', dense.inputs[2]], /argument 1 \(input1\) of 'dense': given a 4x4xf32 tensor, but the signature wants tensor<4x3xf32>/],
    [['2x4xi32=1 2 3 4 5 6 7 8', dense.inputs[1], dense.inputs[2]], /argument 0 \(input0\) of 'dense': given a 2x4xi32 tensor, but the signature wants tensor<2x4xf32>/],
    [['2x4xf32=1 2 3', dense.inputs[1], dense.inputs[2]], /got 3 elements, expected 8/],
    [['5', dense.inputs[1], dense.inputs[2]], /`5` is not a buffer view/],
  ];
  for (const [inputs, message] of cases) {
    const got = await call(page, 'dense', inputs);
    assert.match(got.error, /^Call of 'dense' failed: /);
    assert.match(got.error, message);
  }
  const got = await call(page, dense.function, dense.inputs);
  assert.equal(got.error, '');
  assert.equal(got.outputs, dense.stdout);
  // Back to collatz for the benchmark page's case below (separate page) and any later test.
  assert.equal((await loadFile(page, samplePath('collatz'))).error, '');
});

test('benchmarks: a failing benchmark shows the message and adds no row; the next one runs', async () => {
  const bench = await browser.newPage('benchmarks.html');
  await loadSample(bench, 'collatz');
  const bad = await benchmark(bench, null, ['1', '2'], 5);
  assert.match(bad.error, /^Benchmark of 'collatz' failed: .*takes 1 argument\(s\),? but 2 (input\(s\) )?were given/);
  assert.equal(bad.rows.length, 0);
  const ok = await benchmark(bench, null, good.inputs, 5);
  assert.equal(ok.error, '');
  assert.equal(ok.rows.length, 1);
  await bench.close();
});

test('no uncaught errors in the pages (the 404 is only logged by the browser)', () => {
  assert.deepEqual(browser.problems.filter((p) => !/Failed to load resource: .* 404/.test(p)), []);
});
