// One benchmark case in this Node process; prints one JSON line.
//   node node-case.mjs ort  MODEL THREADS
//   node node-case.mjs weft MODEL THREADS    (runtime in a worker, the default API; THREADS run workgroups)
//   node node-case.mjs tiny                  (per-call latency: direct path and worker Promise API)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseNpy, benchOrt, benchWeft, tinyCalls } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const build = path.join(here, 'build');
const root = path.resolve(here, '..', '..');
const [engine, model, threads = '1'] = process.argv.slice(2);
const loop = { iters: Number(process.env.BENCH_ITERS ?? 100), budgetMs: Number(process.env.BENCH_BUDGET_MS ?? 5000) };

function inputsOf(model) {
  const inputs = {};
  for (const n of JSON.parse(readFileSync(path.join(build, `${model}.inputs.json`), 'utf8'))) {
    inputs[n] = parseNpy(readFileSync(path.join(build, `${model}.in.${n}.npy`)));
  }
  return inputs;
}

let result;
if (engine === 'ort') {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = Number(threads);
  ort.env.wasm.simd = true;
  result = await benchOrt(ort, readFileSync(path.join(build, `${model}.onnx`)), inputsOf(model), loop);
} else if (engine === 'weft' || engine === 'tiny') {
  const { Weft } = await import(path.join(root, 'glue/js/weft.node.mjs'));
  if (engine === 'weft') {
    const rt = await Weft.create({ worker: process.env.BENCH_DIRECT !== '1', threads: Number(threads) });
    const info = await rt.info();
    if (info.threads !== Number(threads)) throw new Error(`asked for ${threads} threads, Weft runs on ${info.threading}`);
    result = await benchWeft(rt, readFileSync(path.join(build, `${model}.${process.env.BENCH_TARGET ?? 'wasm32'}.vmfb`)), inputsOf(model), loop);
    await rt.close();
  } else {
    const vmfb = readFileSync(path.join(build, 'tiny.wasm32.vmfb'));
    const direct = await Weft.create({ worker: false, threads: 1 });
    const d = await tinyCalls(direct, vmfb);
    const worker = await Weft.create({ threads: 1 });
    const w = await tinyCalls(worker, vmfb);
    await worker.close();
    result = { direct: d, worker: w };
  }
}
// To a file when BENCH_OUT is set: the exit below could cut a large output written to a pipe.
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify(result));
else process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
if (process.env.BENCH_OUT) process.exit(0);
