// The plain-HTML example (web/examples/html): the installed package loaded through an import
// map with no build step, in headless Chromium. Load progress: download bytes only grow and end
// at the file's size, then every stage once in order. The opt-in cache: a reload fetches
// neither the program nor the runtime module again (the browser's and the server's request
// logs agree) and gives the same results. Also prints what a browser downloads before the
// first call, gzipped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { project, oracleCalls, samplePath } from './harness.mjs';
import { openBrowser } from '../web/browser.mjs';

const STAGES = ['verify', 'link', 'compile', 'initialize'];

test('the HTML example loads with progress, calls as the reference does, and a reload comes from the cache', async (t) => {
  const p = await project('html');
  const served = [];
  const browser = await openBrowser({ mounts: [['/', p.dir]], onRequest: ({ path: file }) => served.push(file) });
  try {
    copyFileSync(samplePath('fully_connected'), path.join(p.dir, 'model.vmfb'));
    const size = statSync(path.join(p.dir, 'model.vmfb')).size;
    const [call] = oracleCalls('fully_connected');
    const query = `?program=model.vmfb&function=${call.function}&${call.inputs.map((i) => `input=${encodeURIComponent(i)}`).join('&')}`;
    const seen = []; // the browser's request log, page and workers
    browser.context.on('request', (r) => seen.push(new URL(r.url()).pathname));

    const page = await browser.newPage(`index.html${query}`);
    const visit = async () => {
      await page.waitForFunction(() => /^(done|failed)/.test(document.getElementById('stage').textContent), null, { timeout: 60_000 });
      assert.match(await page.locator('#stage').textContent(), /^done/);
      assert.equal(`EXEC @${call.function}\n${await page.locator('#results').textContent()}\n`, call.stdout);
      assert.match(await page.locator('#threads').textContent(), /^\d+ threads?: /);
      return page.locator('#log li').allTextContents();
    };

    const first = await visit();
    const downloads = first.filter((e) => e.startsWith('download ')).map((e) => e.match(/^download (\d+)\/(\S+)/));
    assert.ok(downloads.length >= 1, first.join('; '));
    const loaded = downloads.map((m) => Number(m[1]));
    assert.deepEqual(loaded, [...loaded].sort((a, b) => a - b), 'downloaded bytes only grow');
    assert.equal(loaded.at(-1), size, 'the last report is the whole file');
    assert.equal(downloads.at(-1)[2], String(size), 'and says its size');
    assert.deepEqual(first.filter((e) => !e.startsWith('download ')), STAGES, 'every other stage once, in order');
    assert.equal(served.filter((f) => f === '/model.vmfb').length, 1);

    // What a browser downloads before the first call (the files this visit asked for).
    const files = [...new Set(served)].filter((f) => !f.endsWith('.vmfb') && f !== '/favicon.ico');
    const gz = files.map((f) => ({ f, bytes: gzipSync(readFileSync(path.join(p.dir, f))).length }));
    t.diagnostic(`before the first call: ${gz.reduce((s, x) => s + x.bytes, 0)} bytes gzipped in ${gz.length} files (${gz.map((x) => `${path.basename(x.f)} ${x.bytes}`).join(', ')})`);

    served.length = 0;
    seen.length = 0;
    await page.reload();
    const second = await visit();
    assert.match(second.find((e) => e.startsWith('download ')), new RegExp(`^download ${size}/${size} \\(cached\\)$`));
    for (const log of [seen, served]) {
      assert.ok(!log.includes('/model.vmfb'), `the reload asked for the program: ${log.join(', ')}`);
      assert.ok(!log.some((f) => f.endsWith('weft_runtime_bg.wasm')), `the reload asked for the runtime module: ${log.join(', ')}`);
    }
    assert.ok(seen.some((f) => f.endsWith('/worker.mjs')), 'the browser log sees the workers\' requests');
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
    p.cleanup();
  }
});
