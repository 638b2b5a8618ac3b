// web/index.html in Chromium: cross-origin isolated, loads samples through the file picker, a
// URL and the sample buttons, and shows for every recorded call exactly what the reference
// runtime's iree-run-module printed (tests/build/samples/*.oracle.json).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openBrowser, oracleCalls, samplePath, root } from './browser.mjs';
import { loadFile, loadUrl, loadSample, call } from './pages.mjs';
import { samples } from '../../web/js/samples.mjs';

let browser;
before(async () => {
  browser = await openBrowser();
});
after(async () => {
  await browser?.close();
});

/** Makes every recorded call of `sample` on the page; the outputs must be iree-run-module's. */
async function checkOracle(page, sample) {
  const calls = oracleCalls(sample);
  for (const c of calls) {
    const got = await call(page, c.function, c.inputs);
    assert.equal(got.error, '', `${sample} ${c.function}(${c.inputs.join(', ')}) failed on the page`);
    assert.equal(got.outputs, c.stdout, `${sample} ${c.function}(${c.inputs.join(', ')})`);
    assert.match(got.time, /^Time: \d+\.\d{3} ms for 1 call/);
  }
  return calls.length;
}

test('the page is cross-origin isolated and says so', async () => {
  const page = await browser.newPage('index.html');
  assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true);
  assert.match(await page.locator('#isolation').textContent(), /^Cross-origin isolated: yes/);
  await page.waitForFunction(() => /ready/.test(document.getElementById('runtime-status').textContent));
  await page.close();
});

test('served without the isolation headers, the page says it is not isolated and which headers it needs', async () => {
  const page = await browser.context.newPage();
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  await page.goto(`${browser.base}index.html`);
  assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), false);
  const badge = await page.locator('#isolation').textContent();
  assert.match(badge, /^Cross-origin isolated: no\. .*Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp/);
  await browser.screenshot(page, 'index-not-isolated');
  await page.close();
});

test('collatz through the file picker: functions with signatures, every recorded call as iree-run-module printed it', async () => {
  const page = await browser.newPage('index.html');
  const loaded = await loadFile(page, samplePath('collatz'));
  assert.equal(loaded.error, '');
  assert.match(loaded.status, /^Loaded collatz\.wasm32\.vmfb: module 'collatz', 1 function/);
  assert.deepEqual(await page.locator('#function-list li code').allTextContents(), ['collatz(input0: f32) -> (f32, f32)']);
  assert.ok((await checkOracle(page, 'collatz')) >= 3);
  // Several calls in one go: same outputs, time per call shown.
  const [first] = oracleCalls('collatz');
  const many = await call(page, first.function, first.inputs, 25);
  assert.equal(many.outputs, first.stdout);
  assert.match(many.time, /for 25 calls, \d+\.\d{3} ms per call/);
  await browser.screenshot(page, 'index-collatz-file');
  await page.close();
});

test('another build of collatz (vmvx) through a URL', async () => {
  const page = await browser.newPage('index.html');
  const loaded = await loadUrl(page, 'samples/collatz.vmvx.vmfb');
  assert.equal(loaded.error, '');
  assert.match(loaded.status, /^Loaded samples\/collatz\.vmvx\.vmfb/);
  await checkOracle(page, 'collatz');
  await page.close();
});

test('the collatz sample button fills the form with a recorded call', async () => {
  const page = await browser.newPage('index.html');
  const loaded = await loadSample(page, 'collatz');
  assert.match(loaded.status, /^Loaded collatz \(sample\)/);
  const got = await call(page, null, null);
  const sample = samples.find((s) => s.id === 'collatz');
  const recorded = oracleCalls('collatz').find((c) => c.function === sample.function && c.inputs.join('\n') === sample.inputs.join('\n'));
  assert.ok(recorded, 'the sample inputs are one of the RUN lines of tests/programs/samples/collatz.mlir');
  assert.equal(got.outputs, recorded.stdout);
  await page.close();
});

test('a .vmfb dropped on the load section loads; each sample links its MLIR source', async () => {
  const page = await browser.newPage('index.html');
  const bytes = [...readFileSync(samplePath('collatz'))];
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(data)], 'dropped.vmfb'));
    const section = document.getElementById('load-section');
    section.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    section.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, bytes);
  await page.waitForFunction(() => /^Loaded dropped\.vmfb: module 'collatz'/.test(document.getElementById('program-status').textContent));
  const [recorded] = oracleCalls('collatz');
  assert.equal((await call(page, recorded.function, recorded.inputs)).outputs, recorded.stdout);
  const href = await page.getByRole('link', { name: 'collatz source (MLIR)' }).getAttribute('href');
  const source = await page.evaluate(async (url) => (await fetch(url)).text(), href);
  assert.equal(source, readFileSync(path.join(root, 'tests/programs/samples/collatz.mlir'), 'utf8'));
  await page.close();
});

test('a link with ?program=&function=&inputs= loads the program and fills the form', async () => {
  const recorded = oracleCalls('collatz').at(-1);
  const query = new URLSearchParams({ program: 'samples/collatz.wasm32.vmfb', function: recorded.function, inputs: recorded.inputs.join('\n') });
  const page = await browser.newPage(`index.html?${query}`);
  await page.waitForFunction(() => /^Loaded /.test(document.getElementById('program-status').textContent));
  assert.equal(await page.inputValue('#function-name'), recorded.function);
  assert.equal((await call(page, null, null)).outputs, recorded.stdout);
  // "Use" puts a listed function in the form with a hint per argument.
  await page.fill('#function-name', 'something_else');
  await page.getByRole('button', { name: 'Use collatz' }).click();
  assert.equal(await page.inputValue('#function-name'), 'collatz');
  assert.equal(await page.getAttribute('#inputs', 'placeholder'), 'f32 value, e.g. 1');
  await page.close();
});

test('tensor samples: simple_abs through the file picker, fully_connected through a URL', async () => {
  const page = await browser.newPage('index.html');
  let loaded = await loadFile(page, samplePath('simple_abs'));
  assert.equal(loaded.error, '');
  assert.deepEqual(await page.locator('#function-list li code').allTextContents(), ['abs(input0: tensor<f32>) -> tensor<f32>']);
  await checkOracle(page, 'simple_abs');
  loaded = await loadUrl(page, 'samples/fully_connected.wasm32.vmfb');
  assert.equal(loaded.error, '');
  assert.match(await page.locator('#function-list').textContent(), /dense\(input0: tensor<2x4xf32>, input1: tensor<4x3xf32>, input2: tensor<3xf32>\) -> tensor<2x3xf32>/);
  await checkOracle(page, 'fully_connected');
  await browser.screenshot(page, 'index-fully-connected-url');
  await page.close();
});

test('tensor sample buttons fill the form with a recorded call', async () => {
  const page = await browser.newPage('index.html');
  for (const id of ['simple_abs', 'fully_connected']) {
    const loaded = await loadSample(page, id);
    assert.equal(loaded.error, '');
    const sample = samples.find((s) => s.id === id);
    const recorded = oracleCalls(id).find((c) => c.inputs.join('\n') === sample.inputs.join('\n'));
    assert.ok(recorded, `the ${id} sample inputs are one of its RUN lines`);
    assert.equal((await call(page, null, null)).outputs, recorded.stdout);
  }
  await page.close();
});

test('no uncaught errors in the pages', () => {
  assert.deepEqual(browser.problems, []);
});
