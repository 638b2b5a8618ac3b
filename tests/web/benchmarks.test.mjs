// web/benchmarks.html in Chromium: load a sample, run a benchmark, and the results table gets
// a row with plausible numbers (median, min and max per call).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser } from './browser.mjs';
import { loadSample, loadUrl, benchmark } from './pages.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

const HEADERS = ['Program', 'Function', 'Inputs', 'Calls', 'Load', 'Median', 'Min', 'Max'];

/** Checks one results row and returns its numbers. */
function checkRow(row, label, fn, calls) {
  const cell = Object.fromEntries(HEADERS.map((h, i) => [h, row[i]]));
  assert.equal(cell.Program, label);
  assert.equal(cell.Function, fn);
  assert.equal(cell.Calls, String(calls));
  const [load, median, min, max] = ['Load', 'Median', 'Min', 'Max'].map((h) => {
    assert.match(cell[h], /^\d+\.\d{3}$/, `${h} is a number of milliseconds`);
    return Number(cell[h]);
  });
  assert.ok(load > 0, 'loading takes time');
  assert.ok(min > 0 && min <= median && median <= max, `min ${min} <= median ${median} <= max ${max}`);
  return { median, min, max };
}

test('benchmarks.html: collatz sample, one benchmark, a row of numbers', async () => {
  const page = await browser.newPage('benchmarks.html');
  assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true);
  assert.deepEqual(await page.locator('#results thead th').allTextContents(), HEADERS);
  const loaded = await loadSample(page, 'collatz');
  assert.equal(loaded.error, '');
  assert.equal(await page.locator('#bench-signature').textContent(), 'collatz(input0: f32) -> (f32, f32)');
  const { rows, error } = await benchmark(page, 'collatz', null, 50);
  assert.equal(error, '');
  assert.equal(rows.length, 1);
  checkRow(rows[0], 'collatz (sample)', 'collatz', 50);
  assert.equal(rows[0][2], '27');
  // A second run adds a second row.
  const again = await benchmark(page, 'collatz', ['1'], 10);
  assert.equal(again.rows.length, 2);
  checkRow(again.rows[1], 'collatz (sample)', 'collatz', 10);
  await browser.screenshot(page, 'benchmarks-collatz');
  await page.close();
});

test('benchmarks.html: the fully connected layer through a URL', async () => {
  const page = await browser.newPage('benchmarks.html');
  const loaded = await loadUrl(page, 'samples/fully_connected.wasm32.vmfb');
  assert.equal(loaded.error, '');
  const inputs = ['2x4xf32=1 2 3 4 -1 0.5 -2 1', '4x3xf32=0.5 -1 0 1 0.5 -0.5 -0.5 0 1 0 1 0.5', '3xf32=0.5 -1 0'];
  const { rows, error } = await benchmark(page, 'dense', inputs, 30);
  assert.equal(error, '');
  checkRow(rows[0], 'fully_connected.wasm32.vmfb', 'dense', 30);
  // One input per line, long ones cut; the cell's title has them whole.
  assert.deepEqual(rows[0][2].split('\n'), ['2x4xf32=1 2 3 4 -1 0.5 -2 1', '4x3xf32=0.5 -1 0 1 0.5 -0.5 …', '3xf32=0.5 -1 0']);
  assert.equal(await page.locator('#results-body td.inputs').getAttribute('title'), inputs.join('\n'));
  await browser.screenshot(page, 'benchmarks-fully-connected');
  await page.close();
});

test('no uncaught errors in the pages', () => {
  assert.deepEqual(browser.problems, []);
});
