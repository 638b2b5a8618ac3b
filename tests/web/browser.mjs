// Test harness for the pages: starts web/serve.mjs on a free port of 127.0.0.1 and the system
// Chromium (headless, fresh profile, no network beyond 127.0.0.1) through playwright-core: the
// root package's dev dependency (this directory has no package of its own), so that the glue's
// tests, which run before tests/web/setup.sh, can use this harness after the root's `npm ci`.
// Also reads the reference runtime's recorded calls (tests/build/samples/*.oracle.json).

import { mkdtempSync, rmSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../web/serve.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const buildDir = path.join(root, 'tests/build/web');
const HINT = 'run `bash tests/run-all.sh` (or glue/build.sh, tests/scripts/build-fixtures.sh samples and oracle.py samples)';
const CHROMIUM = process.env.WEFT_CHROMIUM ?? '/usr/bin/chromium';

function need(p) {
  if (!existsSync(p)) throw new Error(`${path.relative(root, p)} is missing: ${HINT}`);
  return p;
}
need(path.join(root, 'glue/pkg/weft_runtime_bg.wasm'));
need(CHROMIUM);

/**
 * Starts the server (`serverOptions`: web/serve.mjs's startServer options) and a browser
 * (`args`: more Chromium flags); returns {base, context, profile, problems, newPage(),
 * screenshot(page, name), close()}.
 */
export async function openBrowser(serverOptions = {}, { args = [] } = {}) {
  const server = await startServer(0, serverOptions);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const profile = mkdtempSync(path.join(tmpdir(), 'weft-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 900 },
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
        '--no-first-run', '--disable-component-update', '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
        ...args,
      ],
    });
  } catch (e) {
    server.close();
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  // Anything but the test server is refused.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    return url.hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient');
  });
  mkdirSync(buildDir, { recursive: true });
  const problems = [];
  return {
    base,
    context,
    /** The browser's profile directory (every process of this browser names it). */
    profile,
    /** Page-side errors seen so far (uncaught exceptions; console errors). */
    problems,
    async newPage(pathname = '') {
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
      await page.goto(base + pathname);
      return page;
    },
    async screenshot(page, name) {
      const file = path.join(buildDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      await new Promise((ok) => server.close(ok));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The reference runtime's recorded calls of a sample: [{function, inputs, stdout}] (single-call runs that succeeded). */
export function oracleCalls(sample) {
  const dir = path.join(root, 'tests/build/samples');
  const file = need(path.join(dir, `${sample}.oracle.json`));
  const oracle = JSON.parse(readFileSync(file, 'utf8'));
  const calls = [];
  for (const run of oracle.runs) {
    if (run.calls.length !== 1) continue;
    const [call] = run.calls;
    const irm = call.iree_run_module;
    if (call.error === null && irm?.exit_code === 0) calls.push({ function: call.function, inputs: call.inputs, stdout: irm.stdout });
  }
  if (calls.length === 0) throw new Error(`${path.relative(root, file)} records no successful call: ${HINT}`);
  return calls;
}

/** Path of a sample's compiled wasm32 program. */
export function samplePath(sample) {
  return need(path.join(root, 'tests/build/samples', `${sample}.wasm32.vmfb`));
}
