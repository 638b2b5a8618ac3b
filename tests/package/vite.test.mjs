// The Vite example (web/examples/vite), with no Weft-specific Vite configuration, built for
// production from the packed tarball and run in headless Chromium on a cross-origin-isolated
// page: the runtime's worker and its pool worker come from Vite's own chunks, info().threads is
// 2 and the outputs are the reference runtime's. Then the same app with its assets on a second
// origin (a CDN: `vite build --base=<other origin>`), whose workers must start through Weft's
// same-origin shim. And the dev server.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { project, must, root, samplePath } from './harness.mjs';
import { openBrowser } from '../web/browser.mjs';
import { startServer } from '../../web/serve.mjs';

// Vite's dev server for the project on a free port, with the isolation headers (threads need
// them; nothing about Weft); resolves with {base, stop()}.
function devServer(dir) {
  writeFileSync(path.join(dir, 'vite.config.js'), `export default { server: { headers: {
    'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } } };\n`);
  const child = spawn(path.join(dir, 'node_modules/.bin/vite'), ['--host=127.0.0.1', '--port=0'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`vite did not start:\n${out}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out.replace(/\x1b\[[0-9;]*m/g, ''));
      if (m) {
        clearTimeout(timer);
        resolve({ base: m[1], stop: () => { child.stdout.destroy(); child.kill(); } });
      }
    });
    child.on('exit', (code) => reject(new Error(`vite exited (${code}):\n${out}`)));
  });
}

// The reference's first recorded call of fully_connected, as the example's ?tensor= query.
function referenceCall() {
  const oracle = JSON.parse(readFileSync(path.join(root, 'tests/build/samples/fully_connected.oracle.json'), 'utf8'));
  const call = oracle.runs[0].calls[0];
  const tensors = call.inputs.map((text) => {
    const [shape, values] = text.split('=');
    const dims = shape.split('x');
    const dtype = dims.pop();
    return `tensor=${dtype}:${dims.join('x')}:${values.trim().split(/\s+/).join(',')}`;
  });
  return { query: `?function=${call.function}&${tensors.join('&')}`, results: call.results };
}

async function runPage(browser, pathname, expected) {
  const page = await browser.newPage(pathname);
  await page.waitForFunction(() => !document.getElementById('status').textContent.startsWith('starting'), null, { timeout: 60_000 });
  const status = await page.locator('#status').textContent();
  assert.match(status, /: done on/, status);
  assert.equal(await page.locator('#status').getAttribute('data-threads'), '2', status);
  const got = JSON.parse(await page.locator('#output').textContent());
  assert.deepEqual(got, expected.map((r) => ({ dtype: r.dtype, shape: r.shape, data: r.data })));
  await page.close();
}

test('a Vite production build runs on 2 threads with the reference output, also with its assets on another origin', async () => {
  const p = await project('vite', ['vite@8.4.1']);
  let cdn;
  try {
    mkdirSync(path.join(p.dir, 'public'), { recursive: true });
    copyFileSync(samplePath('fully_connected'), path.join(p.dir, 'public/model.vmfb'));
    await must('npx', ['--no-install', 'vite', 'build', '--logLevel=error'], { cwd: p.dir });
    const assets = readdirSync(path.join(p.dir, 'dist/assets'));
    for (const chunk of [/^worker-.*\.js$/, /^pool-worker-.*\.js$/, /^weft_runtime_bg-.*\.wasm$/, /^weft_kernels_relaxed-.*\.wasm$/]) {
      assert.ok(assets.some((a) => chunk.test(a)), `Vite emitted no ${chunk} (assets: ${assets.join(', ')})`);
    }
    const { query, results } = referenceCall();

    const same = await openBrowser({ mounts: [['/', path.join(p.dir, 'dist')]] });
    try {
      await runPage(same, query, results);
      assert.deepEqual(same.problems, []);
    } finally {
      await same.close();
    }

    // Assets on a second origin: the page from one server, every script and wasm from the other.
    cdn = await startServer(0, { crossOrigin: true, mounts: [['/', path.join(p.dir, 'dist-cdn')]] });
    const cdnBase = `http://127.0.0.1:${cdn.address().port}/`;
    await must('npx', ['--no-install', 'vite', 'build', '--logLevel=error', `--base=${cdnBase}`, '--outDir=dist-cdn'], { cwd: p.dir });
    assert.match(readFileSync(path.join(p.dir, 'dist-cdn/index.html'), 'utf8'), new RegExp(`src="${cdnBase}assets/`));
    const other = await openBrowser({ mounts: [['/', path.join(p.dir, 'dist-cdn')]] });
    try {
      await runPage(other, query, results);
      assert.deepEqual(other.problems, []);
    } finally {
      await other.close();
    }

    // The dev server, also without any Weft-specific configuration (no optimizeDeps.exclude).
    const dev = await devServer(p.dir);
    const browser = await openBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(dev.base + query);
      await page.waitForFunction(() => !document.getElementById('status').textContent.startsWith('starting'), null, { timeout: 60_000 });
      assert.match(await page.locator('#status').textContent(), /: done on 2 threads/);
      assert.deepEqual(JSON.parse(await page.locator('#output').textContent()), results.map((r) => ({ dtype: r.dtype, shape: r.shape, data: r.data })));
    } finally {
      await browser.close();
      dev.stop();
    }
  } finally {
    cdn?.close();
    p.cleanup();
  }
});
