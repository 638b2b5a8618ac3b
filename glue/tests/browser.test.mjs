// Weft in a real browser (headless Chromium via playwright-core): the page imports
// glue/js/weft.mjs, the runtime runs in a module Worker on a SharedArrayBuffer memory, and
// every recorded call of tests/programs/vm must give the reference runtime's results, through
// the call lane (glue/js/call-lane.mjs). Sources
// are fetched by URL, passed as Response, File and ArrayBuffer; the seed API runs too.
// Chromium and web/serve.mjs: tests/web/browser.mjs's harness.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { root, oraclePrograms, typedArg, argTypes, resultTypes, mismatch, errorMismatch, values, reference } from './common.mjs';
import { openBrowser } from '../../tests/web/browser.mjs';
import { toWire, fromWire } from './wire.mjs';

// The server's mounts: this test's empty page and the compiled test programs.
const SERVE = { mounts: [['/glue/tests/browser.html', path.join(root, 'glue/tests/browser.html')], ['/glue/tests/wire.mjs', path.join(root, 'glue/tests/wire.mjs')], ['/tests/build/', path.join(root, 'tests/build')]] };

// i64 arguments cross page.evaluate as strings and come back as strings.

test('Weft in Chromium: a module Worker on shared memory matches the reference runtime', async (t) => {
  const browser = await openBrowser(SERVE);
  try {
    const page = await browser.newPage('glue/tests/browser.html');
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, 'page is cross-origin isolated');

    const programs = oraclePrograms('vm').filter((p) => !p.loadError); // load errors: vm_oracle.test.mjs
    const jobs = programs.map((p) => ({
      url: `/${path.relative(root, p.module)}`,
      runs: p.oracle.runs.map((run) => run.calls.map((c) => ({ fn: c.function, inputs: c.inputs, args: c.inputs.map((x, i) => toWire(typedArg(x, argTypes(c.cconv)[i]))) }))),
    }));
    const report = await page.evaluate(async (jobs) => {
      const { Weft } = await import('/glue/js/weft.mjs');
      const { toWire, fromWire } = await import('/glue/tests/wire.mjs');
      const rt = await Weft.create();
      const { calls } = await rt.info();
      const out = [];
      for (const [j, job] of jobs.entries()) {
        const runs = [];
        for (const [r, calls] of job.runs.entries()) {
          // Vary the source kind: URL, fetch Response, File, ArrayBuffer.
          const kind = (j + r) % 4;
          const source = kind === 0 ? job.url
            : kind === 1 ? await fetch(job.url)
            : kind === 2 ? new File([await (await fetch(job.url)).arrayBuffer()], 'p.vmfb')
            : await (await fetch(job.url)).arrayBuffer();
          const program = await rt.load(source);
          const results = [];
          for (const c of calls) {
            try { results.push({ ok: (await program.call(c.fn, c.args.map((a) => fromWire(a)))).map(toWire) }); }
            catch (e) { results.push({ err: e instanceof Error ? e.message : `not an Error: ${e}` }); }
          }
          await program.unload();
          runs.push(results);
        }
        out.push(runs);
      }
      await rt.close();
      const iree = await import('/glue/js/iree_api.mjs');
      await iree.ireeInitializeWorker();
      const seed = await iree.ireeCallFunction(await iree.ireeLoadProgram(jobs[0].url), jobs[0].runs[0][0].fn, jobs[0].runs[0][0].inputs, 2);
      return { out, seed, calls };
    }, jobs);
    assert.equal(report.calls, 'call lane (shared memory)', 'an isolated page calls through the lane');

    const failures = [];
    let calls = 0;
    programs.forEach((p, j) => p.oracle.runs.forEach((run, r) => run.calls.forEach((call, k) => {
      calls++;
      const got = report.out[j][r][k];
      const what = `${p.name} ${call.function}(${call.inputs})`;
      if (call.error !== null) {
        if (!got.err) failures.push(`${what}: reference failed, Weft returned ${got.ok}`);
        else { const m = errorMismatch(new Error(got.err), call.error, p.exactErrors); if (m) failures.push(`${what}: ${m}`); }
        return;
      }
      if (got.err) { failures.push(`${what}: ${got.err}`); return; }
      got.ok.map((v) => fromWire(v)).forEach((g, i) => {
        if (p.defects.includes(`${call.function}#${i}`)) return;
        const m = mismatch(g, call.results[i], resultTypes(call.cconv)[i], p.ulp);
        if (m) failures.push(`${what} result ${i}: ${m}`);
      });
    })));
    assert.deepEqual(failures, [], `${failures.length} of ${calls} calls differ in Chromium`);
    assert.match(report.seed.outputs, /^(f32|f64|i32|i64)=/);
    assert.equal(typeof report.seed.total_invoke_time_ms, 'number');
    assert.deepEqual(browser.problems, []);
    t.diagnostic(`${calls} calls in Chromium ${browser.context.browser().version()}`);
  } finally {
    await browser.close();
  }
});

test('Weft in Chromium: whole wasm32 programs (HAL + linked kernels) match the reference runtime', async () => {
  const browser = await openBrowser(SERVE);
  try {
    const page = await browser.newPage('glue/tests/browser.html');
    const cases = [
      { program: 'matmul', fn: 'matmul', shapes: [[32, 24], [24, 16]], range: [-1, 1], tol: 1e-5 },
      { program: 'softmax', fn: 'softmax', shapes: [[4, 32]], range: [-6, 6], tol: 1e-5 },
      { program: 'libm', fn: 'libm', shapes: [[8], [8]], range: [-6, 6], tol: 1e-6, ref: 'vmvx' },
    ];
    for (const c of cases) {
      const inputs = c.shapes.map((shape, i) => {
        const v = values(shape.reduce((a, b) => a * b, 1), i + 1, ...c.range);
        return { shape, dtype: 'f32', bytes: new Uint8Array(v.buffer), list: Array.from(v) };
      });
      const got = await page.evaluate(async ({ url, fn, inputs }) => {
        const { Weft } = await import('/glue/js/weft.mjs');
        const rt = await Weft.create();
        try {
          const program = await rt.load(url);
          const [out] = await program.call(fn, inputs.map((i) => ({ dtype: 'f32', shape: i.shape, data: Float32Array.from(i.list) })));
          return { shape: out.shape, data: Array.from(out.data) };
        } finally {
          await rt.close();
        }
      }, { url: `/tests/build/linker/${c.program}.wasm32.vmfb`, fn: c.fn, inputs: inputs.map(({ shape, list }) => ({ shape, list })) });
      const want = new Float32Array(reference(c.program, c.ref ?? 'host', c.fn, inputs.map((i) => ({ ...i, shape: i.shape.join('x') }))).buffer);
      assert.equal(got.data.length, want.length, c.program);
      const bad = got.data.filter((g, i) => !(Math.abs(g - want[i]) <= c.tol * Math.max(Math.abs(want[i]), 1)));
      assert.equal(bad.length, 0, `${c.program}: ${bad.length} of ${want.length} elements differ from the reference`);
    }
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});
