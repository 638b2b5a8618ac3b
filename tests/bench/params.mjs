// Load time and memory of a benchmark model with its weights inside the program
// (MODEL.wasm32-kernels.vmfb) and with them in a parameter archive (MODEL.wasm32-params.vmfb
// + MODEL.params.irpa; build_models.py makes both with `weft compile`), each case in a fresh
// Node process, on one thread:
//
//   node tests/bench/params.mjs [MODEL ...]     (default: mlp minilm; prints a table, writes results/params.json)
//
// Load times are medians of BENCH_REPEATS (default 5) runs, each a fresh process (Node) or a
// fresh runtime (Chromium); memory is the first run's.
//
// Per case: the load's wall time (runtime in this thread, and in its worker), Weft's heap in
// use after the load (heap_bytes_in_use), how much the runtime's linear memory grew, the JS
// ArrayBuffers still held after the load (after a GC), the process's peak RSS, and the
// output's max abs difference from ONNX Runtime's (MODEL.ref.npy) and from the other variant.
// Then in headless Chromium (web/serve.mjs, which answers range requests): both variants
// loaded by URL in a worker runtime, the load's time, and the requests the archive took.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, statSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNpy, maxAbsDiff } from './common.mjs';
import { openBrowser } from '../web/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const build = process.env.WEFT_BENCH_MODELS ?? path.join(here, 'build');
const VARIANTS = { inline: 'wasm32-kernels', params: 'wasm32-params' };
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function inputsOf(model) {
  return JSON.parse(readFileSync(path.join(build, `${model}.inputs.json`), 'utf8')).map((n) => {
    const v = parseNpy(readFileSync(path.join(build, `${model}.in.${n}.npy`)));
    return { dtype: v.dtype, shape: v.shape, data: v.data };
  });
}

/** One case in this process: {loadMs, heap, memoryGrowth, arrayBuffers, peakRss, output}. */
async function runCase(model, variant, mode) {
  const { Weft } = await import(path.join(root, 'glue/js/weft.node.mjs'));
  const rt = await Weft.create({ worker: mode === 'worker', threads: 1 });
  const program = path.join(build, `${model}.${VARIANTS[variant]}.vmfb`);
  const options = variant === 'params' ? { parameters: { model: path.join(build, `${model}.params.irpa`) } } : {};
  globalThis.gc();
  const before = { usage: mode === 'direct' ? rt._usage() : null, node: process.memoryUsage() };
  const t0 = performance.now();
  const prog = await rt.load(program, options);
  const loadMs = performance.now() - t0;
  globalThis.gc();
  const after = { usage: mode === 'direct' ? rt._usage() : null, node: process.memoryUsage() };
  const fn = prog.functions.find((f) => !f.name.includes('$') && !f.name.startsWith('__')).name;
  const [y] = await prog.call(fn, inputsOf(model));
  const result = {
    loadMs,
    heap: after.usage?.heapBytes ?? null,
    memoryGrowth: after.usage ? after.usage.memoryBytes - before.usage.memoryBytes : null,
    arrayBuffers: after.node.arrayBuffers - before.node.arrayBuffers,
    peakRss: process.resourceUsage().maxRSS * 1024,
    output: Array.from(y.data, Number),
  };
  await rt.close();
  return result;
}

if (process.argv[2] === '--case') {
  // To a file: an exit right after a large write to a pipe could cut it.
  const [model, variant, mode, out] = process.argv.slice(3);
  writeFileSync(out, JSON.stringify(await runCase(model, variant, mode)));
  process.exit(0);
}

/**
 * Both variants of `model` loaded by URL in Chromium (worker runtime, one thread): {variant:
 * {loadMs, output}} and the requests for the archive.
 */
async function chromium(model) {
  const requests = [];
  // web/serve.mjs serves the models at /bench/models/. No request interception: it would put
  // every request through the driver and time that.
  const browser = await openBrowser({ mounts: [['/blank.html', path.join(root, 'glue/tests/browser.html')]], onRequest: (r) => requests.push(r) }, { intercept: false });
  try {
    const page = await browser.newPage('blank.html');
    const names = JSON.parse(readFileSync(path.join(build, `${model}.inputs.json`), 'utf8'));
    const out = await page.evaluate(async ({ model, names, variants, repeats }) => {
      const { Weft } = await import('/glue/js/weft.mjs');
      const { parseNpy } = await import('/bench/common.mjs');
      const inputs = await Promise.all(names.map(async (n) => parseNpy(await (await fetch(`/bench/models/${model}.in.${n}.npy`)).arrayBuffer())));
      const args = inputs.map((v) => ({ dtype: v.dtype, shape: v.shape, data: v.data }));
      const results = {};
      for (let run = 0; run < repeats; run++) {
        for (const [variant, target] of Object.entries(variants)) {
          const rt = await Weft.create({ threads: 1 });
          const parameters = variant === 'params' ? { model: `/bench/models/${model}.params.irpa` } : undefined;
          const t0 = performance.now();
          const prog = await rt.load(`/bench/models/${model}.${target}.vmfb`, { parameters });
          const loadMs = performance.now() - t0;
          const fn = prog.functions.find((f) => !f.name.includes('$') && !f.name.startsWith('__')).name;
          const [y] = await prog.call(fn, args);
          (results[variant] ??= { loadMs: [], output: Array.from(y.data, Number) }).loadMs.push(loadMs);
          await rt.close();
        }
      }
      return results;
    }, { model, names, variants: VARIANTS, repeats: REPEATS });
    for (const r of Object.values(out)) r.loadMs = median(r.loadMs);
    const archive = requests.filter((r) => r.path.endsWith('.params.irpa'));
    return { ...out, archiveRequests: archive.length / REPEATS, archiveRanges: archive.slice(0, archive.length / REPEATS).map((r) => r.range) };
  } finally {
    await browser.close();
  }
}

const mib = (n) => (n === null ? '–' : (n / 2 ** 20).toFixed(1));
const models = process.argv.slice(2).length ? process.argv.slice(2) : ['mlp', 'minilm'];
const results = {};
const rows = [];
for (const model of models) {
  for (const variant of Object.keys(VARIANTS)) {
    const file = path.join(build, `${model}.${VARIANTS[variant]}.vmfb`);
    if (!existsSync(file)) throw new Error(`${file} is missing: bash tests/bench/build-models.sh ${model}`);
  }
  const ref = parseNpy(readFileSync(path.join(build, `${model}.ref.npy`))).data;
  const cases = {};
  for (let run = 0; run < REPEATS; run++) {
    for (const variant of Object.keys(VARIANTS)) {
      for (const mode of ['direct', 'worker']) {
        const out = path.join(tmpdir(), `weft-params-bench-${process.pid}.json`);
        execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--case', model, variant, mode, out], { stdio: 'inherit' });
        const result = JSON.parse(readFileSync(out, 'utf8'));
        rmSync(out);
        const c = (cases[`${variant} ${mode}`] ??= { ...result, loadMs: [] });
        c.loadMs.push(result.loadMs);
      }
    }
  }
  for (const c of Object.values(cases)) c.loadMs = median(c.loadMs);
  const same = maxAbsDiff(cases['inline direct'].output, cases['params direct'].output);
  for (const variant of Object.keys(VARIANTS)) {
    const d = cases[`${variant} direct`];
    const w = cases[`${variant} worker`];
    const program = statSync(path.join(build, `${model}.${VARIANTS[variant]}.vmfb`)).size;
    const archive = variant === 'params' ? statSync(path.join(build, `${model}.params.irpa`)).size : 0;
    rows.push([model, variant, mib(program), mib(archive), d.loadMs.toFixed(0), w.loadMs.toFixed(0), mib(d.heap), mib(d.memoryGrowth), mib(d.arrayBuffers), mib(d.peakRss), mib(w.peakRss),
      maxAbsDiff(d.output, ref).toExponential(1)]);
  }
  const browser = await chromium(model);
  for (const variant of Object.keys(VARIANTS)) {
    browser[variant].maxAbsDiff = maxAbsDiff(browser[variant].output, ref);
    delete browser[variant].output;
  }
  results[model] = { cases: Object.fromEntries(Object.entries(cases).map(([k, { output, ...v }]) => [k, v])), inlineVsParamsMaxAbsDiff: same, chromium: browser };
  console.error(`${model}: outputs of the two variants differ by at most ${same} (Node); Chromium: load ${browser.inline.loadMs.toFixed(0)} ms inline, ${browser.params.loadMs.toFixed(0)} ms with the archive by URL in ${browser.archiveRequests} requests; max abs diff vs ORT ${browser.inline.maxAbsDiff.toExponential(1)} / ${browser.params.maxAbsDiff.toExponential(1)}`);
}
const header = ['model', 'weights', 'program MiB', 'archive MiB', 'load ms (direct)', 'load ms (worker)', 'Weft heap MiB', 'linear memory +MiB', 'JS ArrayBuffers +MiB', 'peak RSS MiB (direct)', 'peak RSS MiB (worker)', 'max abs diff vs ORT'];
console.log(`| ${header.join(' | ')} |\n|${header.map(() => ' --- ').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'params.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 1));
