// web/benchmarks.html's model suite in Chromium. A small suite is built now in the layout of
// tests/bench/build (make-suite.py: an ONNX MLP from the onnx package and its numpy reference
// output; `weft compile` with and without Weft's kernels, and for the GPU) and served to the
// page, which runs it on ONNX Runtime Web and Weft, on the CPU and on WebGPU (Chromium's
// SwiftShader adapter): every case must show times, and every output must agree with the
// reference. Without ORT-Web or without a suite, the page says how to get them.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBrowser, root } from './browser.mjs';
import { ms, ratio } from '../../web/js/text.mjs';

const ORT_DIST = path.join(root, 'tests/bench/node_modules/onnxruntime-web/dist');
const HEADERS = ['Model', 'Engine', 'Threads', 'Calls', 'Load', 'Median', 'Weft/ORT', 'Max abs diff'];
const CASES = [['ONNX Runtime Web', '1'], ['ONNX Runtime Web', '2'], ['Weft', '1'], ['Weft', '2'], ['Weft + kernels', '1'], ['Weft + kernels', '2'],
  ['ONNX Runtime Web (WebGPU)', '1'], ['Weft (WebGPU)', '1']];
/** The ONNX Runtime row a Weft row is compared with: the same device. */
const ortOf = (engine) => (engine.endsWith('(WebGPU)') ? 'ONNX Runtime Web (WebGPU)' : 'ONNX Runtime Web');

let suiteDir, emptyDir;
before(() => {
  if (!existsSync(ORT_DIST)) throw new Error(`${path.relative(root, ORT_DIST)} is missing: run \`bash tests/web/setup.sh\``);
  suiteDir = mkdtempSync(path.join(tmpdir(), 'weft-web-suite-'));
  emptyDir = mkdtempSync(path.join(tmpdir(), 'weft-web-nosuite-'));
  execFileSync(path.join(root, '.venv/bin/python'), [path.join(root, 'tests/web/make-suite.py'), suiteDir]);
  const status = { mlp: {} };
  for (const [build, flags] of [['wasm32', ['--no-kernels']], ['wasm32-kernels', []], ['vulkan', ['--device=webgpu']]]) {
    const out = path.join(suiteDir, `mlp.${build}.vmfb`);
    // weft compile finds the IREE compiler on PATH, as a user has it.
    const env = { ...process.env, PATH: `${path.join(root, '.venv/bin')}${path.delimiter}${process.env.PATH}` };
    execFileSync(process.execPath, [path.join(root, 'glue/js/cli.mjs'), 'compile', path.join(suiteDir, 'mlp.onnx'), '-o', out, ...flags], { stdio: 'pipe', env });
    status.mlp[build] = 'ok';
  }
  writeFileSync(path.join(suiteDir, 'status.json'), JSON.stringify(status));
});
after(() => {
  for (const dir of [suiteDir, emptyDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

async function shown(page, id) {
  const el = page.locator(`#${id}`);
  return (await el.isVisible()) ? (await el.textContent()).trim() : '';
}

/** Opens benchmarks.html, waits for the suite section to know what is built; returns the page. */
async function suitePage(browser) {
  const page = await browser.newPage('benchmarks.html');
  await page.waitForFunction(() => document.getElementById('suite-status').textContent !== 'Looking for built models…' || !document.getElementById('suite-notice').hidden);
  return page;
}

/** Runs the suite with short timings; returns the table's rows as cell texts. */
async function runSuite(page) {
  await page.fill('#suite-warmup', '0.3');
  await page.fill('#suite-budget', '0.5');
  await page.fill('#suite-calls', '30');
  await page.getByRole('button', { name: 'Run suite' }).click();
  await page.waitForFunction(() => document.getElementById('suite-status').textContent.startsWith('Done'), null, { timeout: 90_000 });
  return page.locator('#suite-body tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
}

test('benchmarks.html runs the model suite on ONNX Runtime Web and Weft; every output agrees with the reference', async () => {
  const browser = await openBrowser({ benchModels: suiteDir }, { webgpu: true });
  try {
    const page = await suitePage(browser);
    assert.equal(await shown(page, 'suite-notice'), '');
    assert.equal(await shown(page, 'suite-status'), '1 model built: mlp.');
    assert.deepEqual(await page.locator('#suite-results thead th').allTextContents(), HEADERS);
    const rows = await runSuite(page);
    // The unrounded median each row's Median cell carries.
    const exacts = await page.locator('#suite-body tr').evaluateAll((trs) => trs.map((tr) => Number(tr.cells[5]?.dataset.ms)));
    assert.equal(await shown(page, 'suite-status'), 'Done: 8 cases, 1 failed.');
    assert.deepEqual(rows.map((r) => [r[1], r[2]]), CASES);
    // This ONNX MLP's Vulkan build declares one binding twice in a shader, which naga refuses:
    // the row shows the translator's reason (the benchmark's torch MLP runs on the GPU).
    const refused = rows.findIndex((r) => r[1] === 'Weft (WebGPU)');
    assert.match(rows[refused][3], /^hal\.executable\.create: executable 'mlp\.vulkan\.vmfb executable 0': its translation is not valid WGSL: .*Bindings for \[\d+\] conflict with other resource/);
    rows.splice(refused, 1);
    exacts.splice(refused, 1);
    const medians = {};
    for (const [r, row] of rows.entries()) {
      const cell = Object.fromEntries(HEADERS.map((h, i) => [h, row[i]]));
      const what = `${cell.Engine}, ${cell.Threads} threads`;
      const exact = exacts[r];
      assert.equal(row.length, HEADERS.length, `${what}: ${row.join(' | ')}`);
      assert.equal(cell.Model, 'mlp');
      const calls = Number(cell.Calls);
      assert.ok(Number.isInteger(calls) && calls >= 5 && calls <= 30, `${what}: ${calls} calls`);
      for (const h of ['Load', 'Median']) {
        assert.match(cell[h], /^\d+\.\d{3}$/, `${what}: ${h}`);
        assert.ok(Number(cell[h]) > 0, `${what}: ${h} ${cell[h]}`);
      }
      const diff = Number(cell['Max abs diff']);
      assert.ok(diff >= 0 && diff < 1e-4, `${what}: max abs diff ${cell['Max abs diff']}`);
      // The page's own rounding of the unrounded median (a tie such as 0.0625 shows as 0.063).
      assert.equal(cell.Median, ms(exact), `${what}: shown median ${cell.Median}, unrounded ${exact}`);
      medians[`${cell.Engine}/${cell.Threads}`] = exact;
    }
    for (const row of rows) {
      const [, engine, threads] = row;
      if (engine.startsWith('ONNX Runtime Web')) {
        assert.equal(row[6], '—');
        continue;
      }
      assert.match(row[6], /^\d+\.\d{2}x$/, `${engine}, ${threads} threads: ratio`);
      // The ratio is of the unrounded medians, shown as the page's ratio() shows it.
      const [weft, ort] = [medians[`${engine}/${threads}`], medians[`${ortOf(engine)}/${threads}`]];
      assert.equal(row[6], ratio(weft, ort), `${engine}, ${threads} threads: ${row[6]} for ${weft} / ${ort} ms`);
    }
    await browser.screenshot(page, 'benchmarks-suite');
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test('benchmarks.html without ONNX Runtime Web: says how to install it, ORT cells fail, Weft still runs', async () => {
  const browser = await openBrowser({ benchModels: suiteDir, ortDist: emptyDir }, { webgpu: true });
  try {
    const page = await suitePage(browser);
    assert.match(await shown(page, 'suite-notice'), /ONNX Runtime Web is not installed: run `bash tests\/bench\/setup\.sh`/);
    const rows = await runSuite(page);
    assert.equal(await shown(page, 'suite-status'), 'Done: 8 cases, 4 failed.');
    const isOrt = (row) => row[1].startsWith('ONNX Runtime Web');
    for (const row of rows.filter(isOrt)) assert.match(row[3], /ONNX Runtime Web is not installed/, row.join(' | '));
    for (const row of rows.filter((r) => !isOrt(r) && r[1] !== 'Weft (WebGPU)')) {
      assert.equal(row.length, HEADERS.length, row.join(' | '));
      assert.equal(row[6], 'no ORT time');
      assert.ok(Number(row[7]) < 1e-4, row.join(' | '));
    }
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test('benchmarks.html without a built suite says how to build it; the Run button stays off', async () => {
  const browser = await openBrowser({ benchModels: emptyDir });
  try {
    const page = await suitePage(browser);
    // The empty folder is outside the repository: the page is not told its path.
    assert.match(await shown(page, 'suite-notice'), /^No models are built \(status\.json does not exist in a folder outside the repository \(set by WEFT_BENCH_MODELS\)\): run `bash tests\/bench\/build-models\.sh`/);
    assert.equal(await page.locator('#suite-run').isDisabled(), true);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});
