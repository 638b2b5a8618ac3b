// The browser harness of every test and benchmark that runs a page (tests/web, tests/package,
// glue/tests/browser.test.mjs, tests/bench): starts web/serve.mjs on a free port of 127.0.0.1
// and the system Chromium (headless, fresh profile, no network beyond 127.0.0.1) through
// playwright-core: the root package's dev dependency (this directory has no package of its own),
// so that the glue's tests, which run before tests/web/setup.sh, can use it after the root's
// `npm ci`. Also reads the reference runtime's recorded calls (tests/build/samples/*.oracle.json).

import { mkdtempSync, rmSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../web/serve.mjs';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const buildDir = path.join(root, 'tests/build/web');
const HINT = 'run `bash tests/run-all.sh` (or glue/build.sh, tests/scripts/build-fixtures.sh samples and oracle.py samples)';
// Debian's Chromium, which run-all.sh and the setup scripts install, unless WEFT_CHROMIUM names
// another build. Checked on import, so a benchmark fails before its Node cases, not after.
const CHROMIUM = process.env.WEFT_CHROMIUM || '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set WEFT_CHROMIUM to its executable`);
}
// Playwright passes most of these too; they are stated so that no run depends on its defaults.
// No QUIC, component or sync traffic; every host name but 127.0.0.1 unresolvable.
const ARGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
// No GPU, unless a test asks for WebGPU: then the CPU adapter SwiftShader gives, in pages and
// workers (Debian's Chromium ships its Vulkan driver).
const NO_GPU = ['--disable-gpu'];
const WEBGPU = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];

function need(p) {
  if (!existsSync(p)) throw new Error(`${path.relative(root, p)} is missing: ${HINT}`);
  return p;
}
need(path.join(root, 'glue/pkg/weft_runtime_bg.wasm'));

/**
 * Starts the server (`serverOptions`: web/serve.mjs's startServer options, e.g. the caller's
 * `mounts`) and a browser on a fresh profile. Options: `args`, more Chromium flags; `webgpu`
 * (default false): WebGPU on SwiftShader instead of no GPU at all; `intercept`
 * (default true): every request goes through the driver, which refuses any host but 127.0.0.1
 * (benchmarks turn it off: it would time the driver too). Returns {base, context, profile,
 * problems, newPage(), screenshot(page, name), close()}.
 */
export async function openBrowser(serverOptions = {}, { args = [], webgpu = false, intercept = true } = {}) {
  const server = await startServer(0, serverOptions);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const profile = mkdtempSync(path.join(tmpdir(), 'weft-chromium-'));
  const cleanup = async () => {
    await new Promise((ok) => server.close(ok));
    rmSync(profile, { recursive: true, force: true });
  };
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 900 },
      args: [...ARGS, ...(webgpu ? WEBGPU : NO_GPU), ...args],
    });
  } catch (e) {
    await cleanup();
    throw e;
  }
  if (intercept) {
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      return url.hostname === '127.0.0.1' ? route.continue() : route.abort('blockedbyclient');
    });
  }
  // The persistent context opens with a blank tab: the first newPage() uses it.
  const blank = context.pages();
  const problems = [];
  return {
    base,
    context,
    /** The browser's profile directory (every process of this browser names it). */
    profile,
    /** Faults seen so far on pages of newPage(): uncaught exceptions, console errors, failed requests. */
    problems,
    async newPage(pathname = '') {
      const page = blank.shift() ?? (await context.newPage());
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
      // A cancelled request (net::ERR_ABORTED: a cancelled body, a closed worker, a navigation) is no fault.
      page.on('requestfailed', (r) => {
        const error = r.failure()?.errorText;
        if (error !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${r.url()}: ${error}`);
      });
      await page.goto(base + pathname);
      return page;
    },
    async screenshot(page, name) {
      mkdirSync(buildDir, { recursive: true });
      const file = path.join(buildDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      try {
        await context.close();
      } finally {
        await cleanup();
      }
    },
  };
}

/** The reference runtime's recorded calls of a sample: [{function, inputs, stdout}] (single-call runs that succeeded). */
export function oracleCalls(sample, suite = 'samples') {
  const dir = path.join(root, 'tests/build', suite);
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
