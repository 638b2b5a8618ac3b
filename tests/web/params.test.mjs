// External parameters in Chromium: `load(program, {parameters})` with parameter files by URL
// (read in place with synchronous range requests from the runtime's worker, after a one-byte
// probe), as Files and Blobs (FileReaderSync slices), from a server that answers every range
// request whole (read once, one warning), and with the runtime on the page's main thread (read
// whole, one warning). Every result is the reference runtime's on the same files
// (tests/build/params/*.oracle.json); the server counts the requests each load makes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { openBrowser, root } from './browser.mjs';
import { oraclePrograms, argTypes, resultTypes, textToTensor, tensorMismatch, mismatch } from '../../glue/tests/common.mjs';
import { TYPED_ARRAYS } from '../../glue/js/values.mjs';

const params = path.join(root, 'tests/build/params');
let browser;
let page;
const requests = [];
const warnings = [];

before(async () => {
  browser = await openBrowser({
    mounts: [
      ['/glue/tests/browser.html', path.join(root, 'glue/tests/browser.html')],
      ['/params/', params],
      ['/params-whole/', params, { ranges: false }],
    ],
    onRequest: (r) => requests.push(r),
  });
  page = await browser.newPage('glue/tests/browser.html');
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
});
after(async () => {
  await browser?.close();
});

/** The requests made for parameter files since `from` (index into `requests`). */
const parameterRequests = (from) => requests.slice(from).filter((r) => /\.(irpa|safetensors|gguf)$/.test(r.path));

/**
 * Runs `jobs` in the page: each {module, parameters: {scope: [{kind, url}]}, calls: [{fn, args}]}
 * loads the program (kind 'url': the URL; 'file': a File of its bytes; 'blob': a Blob) and
 * makes the calls; returns per job the results (tensors as {dtype, shape, data: number[]}) or
 * {error: {code, message}}.
 */
function runInPage(jobs, create = {}) {
  return page.evaluate(async ({ jobs, create }) => {
    const { Weft, tensor } = await import('/glue/js/weft.mjs');
    const rt = await Weft.create(create);
    const out = [];
    try {
      for (const job of jobs) {
        const parameters = {};
        for (const [scope, files] of Object.entries(job.parameters)) {
          parameters[scope] = await Promise.all(files.map(async ({ kind, url }) => {
            if (kind === 'url') return url;
            const bytes = await (await fetch(url)).arrayBuffer();
            return kind === 'file' ? new File([bytes], url.split('/').pop()) : new Blob([bytes]);
          }));
        }
        try {
          const program = await rt.load(job.module, { parameters });
          const results = [];
          for (const c of job.calls) {
            const args = c.args.map((a) => (a && typeof a === 'object' ? tensor(a.dtype, a.shape, a.data) : a));
            const r = await program.call(c.fn, args);
            results.push(r.map((x) => (x && typeof x === 'object' && 'data' in x ? { dtype: x.dtype, shape: x.shape, data: Array.from(x.data) } : x)));
          }
          await program.unload();
          out.push({ results });
        } catch (e) {
          out.push({ error: { code: e.code, message: e.message } });
        }
      }
    } finally {
      await rt.close();
    }
    return out;
  }, { jobs, create });
}

/** Each recorded run of the wasm32 params programs as a page job, its files given as `kind`. */
function jobsFor(programs, kind) {
  return programs.flatMap((p) => p.oracle.runs.map((run) => {
    const parameters = {};
    for (const f of run.parameters) (parameters[f.scope] ??= []).push({ kind: typeof kind === 'function' ? kind(f) : kind, url: `/params/${path.basename(f.file)}` });
    const calls = run.calls.map((c) => ({
      fn: c.function,
      args: c.inputs.map((text, i) => {
        if (argTypes(c.cconv)[i] !== 'r') throw new Error('params calls take tensors');
        const t = textToTensor(text, TYPED_ARRAYS);
        return { dtype: t.dtype, shape: t.shape, data: Array.from(t.data) };
      }),
    }));
    return { module: `/params/${path.basename(p.module)}`, parameters, calls, p, run };
  }));
}

/** Mismatches between the page's outcomes and the reference's. */
function compare(jobs, outcomes) {
  const failures = [];
  let calls = 0;
  jobs.forEach((job, j) => {
    const got = outcomes[j];
    job.run.calls.forEach((call, k) => {
      calls++;
      const what = `${job.p.name} ${call.function}(${call.inputs.join(', ')}) with ${job.run.parameters.map((f) => f.spec).join(', ')}`;
      if (call.error !== null) {
        // Only scatter fails: it writes into a parameter, and files are read-only.
        if (!got.error || !got.error.message.startsWith(call.error.split(';')[0])) failures.push(`${what}: reference failed (${call.error}), Weft: ${JSON.stringify(got)}`);
        return;
      }
      if (got.error) return failures.push(`${what}: ${got.error.code} ${got.error.message}`);
      const types = resultTypes(call.cconv);
      got.results[k].forEach((r, i) => {
        const m = types[i] === 'r' ? tensorMismatch({ ...r, data: TYPED_ARRAYS[r.dtype].from(r.data) }, call.results[i], job.p.ulp) : mismatch(r, call.results[i], types[i], job.p.ulp);
        if (m) failures.push(`${what} result ${i}: ${m}`);
      });
    });
  });
  return { failures, calls };
}

const programs = oraclePrograms('params', 'wasm32');

test('parameter files by URL: read in place with range requests from the worker, results as the reference runtime', async () => {
  const jobs = jobsFor(programs, 'url');
  const from = requests.length;
  const warned = warnings.length;
  const { failures, calls } = compare(jobs, await runInPage(jobs));
  assert.ok(calls >= 9, `only ${calls} calls`);
  assert.deepEqual(failures, [], `${failures.length} of ${calls} calls differ`);
  const made = parameterRequests(from);
  const files = jobs.reduce((n, j) => n + Object.values(j.parameters).flat().length, 0);
  // Per file: the one-byte probe, then ranges (these files fit one read-ahead block).
  assert.equal(made.filter((r) => r.range === 'bytes=0-0').length, files);
  assert.ok(made.every((r) => r.range && /^bytes=\d+-\d+$/.test(r.range)), 'every request is a range request');
  assert.ok(made.length <= 2 * files, `${made.length} requests for ${files} files`);
  assert.deepEqual(warnings.slice(warned), [], 'nothing held in memory, nothing said');
});

test('Files and Blobs: read in place with FileReaderSync, results as the reference runtime', async () => {
  let n = 0;
  const jobs = jobsFor(programs, () => (n++ % 2 ? 'blob' : 'file'));
  const warned = warnings.length;
  const { failures, calls } = compare(jobs, await runInPage(jobs));
  assert.ok(calls >= 9, `only ${calls} calls`);
  assert.deepEqual(failures, [], `${failures.length} of ${calls} calls differ`);
  assert.deepEqual(warnings.slice(warned), []);
});

test('a server without range support: the file is read whole once, said once', async () => {
  const mlp = programs.find((p) => p.name === 'mlp');
  const [job] = jobsFor([{ ...mlp, oracle: { runs: [mlp.oracle.runs[0]] } }], 'url');
  job.parameters.model[0].url = '/params-whole/mlp.mlp.irpa';
  const from = requests.length;
  const warned = warnings.length;
  const { failures } = compare([job], await runInPage([job]));
  assert.deepEqual(failures, []);
  // The probe's answer is the whole file: no second request.
  assert.deepEqual(parameterRequests(from).map((r) => [r.path, r.range]), [['/params-whole/mlp.mlp.irpa', 'bytes=0-0']]);
  const said = warnings.slice(warned);
  const size = statSync(path.join(params, 'mlp.mlp.irpa')).size;
  assert.equal(said.length, 1, said.join('\n'));
  assert.match(said[0], new RegExp(`^Weft: /params-whole/mlp\\.mlp\\.irpa: the server does not honour Range requests .* the whole file \\(${size} bytes\\) was read into memory`));
});

test("a runtime on the page's main thread reads URLs and Files whole up front, said once per file", async () => {
  const mlp = programs.find((p) => p.name === 'mlp');
  const one = { ...mlp, oracle: { runs: [mlp.oracle.runs[0]] } };
  const jobs = [...jobsFor([one], 'url'), ...jobsFor([one], 'file')];
  const warned = warnings.length;
  const { failures } = compare(jobs, await runInPage(jobs, { worker: false }));
  assert.deepEqual(failures, []);
  const said = warnings.slice(warned).filter((w) => /read into memory/.test(w)); // not the one-thread notice
  assert.equal(said.length, 2, said.join('\n'));
  assert.match(said[0], /^Weft: \/params\/mlp\.mlp\.irpa: a runtime on the page's main thread cannot read URLs synchronously .* was read into memory/);
  assert.match(said[1], /^Weft: mlp\.mlp\.irpa: a runtime on the page's main thread cannot read a File or Blob synchronously/);
});

test('errors by URL: a truncated archive, a missing key, a missing file; the runtime goes on', async () => {
  const errors = JSON.parse(readFileSync(path.join(params, 'errors.oracle.json'), 'utf8'));
  const url = (file) => `/params/${path.basename(file)}`;
  const jobs = errors.runs.map((run) => ({
    module: '/params/errors.vmvx.vmfb',
    parameters: Object.fromEntries(run.parameters.map((f) => [f.scope, [{ kind: 'url', url: url(f.file) }]])),
    calls: [],
  }));
  jobs.push({ module: '/params/errors.vmvx.vmfb', parameters: { model: [{ kind: 'url', url: '/params/no-such.irpa' }] }, calls: [] });
  const outcomes = await runInPage(jobs);
  errors.runs.forEach((run, i) => {
    const reference = run.calls[0].error;
    const got = outcomes[i].error;
    assert.ok(got, `${run.parameters[0].spec}: loaded; the reference says ${reference}`);
    const want = !/io_parameters\./.test(reference) ? 'INVALID_PROGRAM' : { NOT_FOUND: 'NOT_FOUND', OUT_OF_RANGE: 'BAD_ARGUMENT' }[reference.split(';')[0]];
    assert.equal(got.code, want, `${run.parameters[0].spec}: ${got.message}`);
    if (run.parameters[0].scope === 'model') assert.ok(got.message.includes(`/params/${path.basename(run.parameters[0].file)}`), got.message);
  });
  assert.equal(outcomes.at(-1).error.code, 'NOT_FOUND');
  assert.match(outcomes.at(-1).error.message, /no-such\.irpa: HTTP 404/);
});

test('100 MiB archive by URL: range requests counted, results as the reference runtime', async () => {
  const large = oraclePrograms('params', 'vmvx').find((p) => p.name === 'large');
  const jobs = jobsFor([large], 'url');
  const from = requests.length;
  const { failures } = compare(jobs, await runInPage(jobs));
  assert.deepEqual(failures, []);
  const size = statSync(path.join(params, 'large.large.irpa')).size;
  const made = parameterRequests(from);
  const perLoad = made.length / jobs.length;
  console.log(`${jobs.length} loads of a ${(size / 2 ** 20).toFixed(1)} MiB archive with 4 parameters: ${perLoad} requests each (${made.slice(0, perLoad).map((r) => r.range).join(', ')})`);
  // The probe, the index (one block) and the four parameters in 8 MiB pieces.
  assert.ok(perLoad <= 2 + Math.ceil(size / (8 * 2 ** 20)) + 4, `${perLoad} requests per load`);
});
