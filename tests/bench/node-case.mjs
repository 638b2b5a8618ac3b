// One benchmark case in this Node process; prints one JSON line.
//   node node-case.mjs ort  MODEL THREADS
//   node node-case.mjs weft MODEL THREADS    (runtime in a worker, the default API; THREADS run workgroups;
//                                             BENCH_DIRECT=1: the runtime in this thread, `worker: false`;
//                                             BENCH_TARGET: which build, BENCH_PEER_INPUTS: whose inputs)
//   node node-case.mjs litert MODEL 1        (LiteRT.js, CPU/XNNPACK, build/MODEL.tflite; one thread in Node: litert-node.mjs)
//   node node-case.mjs tfjs MODEL THREADS    (TensorFlow.js wasm backend, build/MODEL.tfjs/; reports the threads it runs)
//   node node-case.mjs tiny                  (per-call latency: direct path and worker Promise API)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseNpy, benchOrt, benchWeft, tinyCalls, peerInputs, benchLiteRt, benchTfjs } from './common.mjs';

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

/** The converted model's entry in build/MODEL.peers.json and its inputs. */
async function peer(format) {
  const spec = JSON.parse(readFileSync(path.join(build, `${model}.peers.json`), 'utf8'))[format];
  if (!spec?.inputs) throw new Error(`no ${format} model for ${model}: ${spec?.error ?? 'not converted'}`);
  return { spec, inputs: await peerInputs(spec.inputs, async (f) => readFileSync(path.join(build, f))) };
}

let result;
if (engine === 'litert') {
  if (threads !== '1') throw new Error('LiteRT.js runs on one thread in Node (litert-node.mjs)');
  const litert = await (await import('./litert-node.mjs')).loadLiteRtInNode();
  const { spec, inputs } = await peer('tflite');
  result = await benchLiteRt(litert, readFileSync(path.join(build, spec.file)), inputs, Number(threads), loop);
} else if (engine === 'tfjs') {
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const converter = await import('@tensorflow/tfjs-converter');
  wasm.setWasmPaths(path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/') + path.sep);
  wasm.setThreadsCount(Number(threads));
  if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js: the wasm backend did not start');
  const { spec, inputs } = await peer('tfjs');
  const dir = path.join(build, spec.dir);
  const json = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const shards = json.weightsManifest.flatMap((g) => g.paths).map((p) => readFileSync(path.join(dir, p)));
  const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
  result = await benchTfjs({ ...tf, loadGraphModel: converter.loadGraphModel }, tf.io.fromMemory({
    modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData,
    format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy, signature: json.signature, userDefinedMetadata: json.userDefinedMetadata,
  }), inputs, loop);
  result.threads = wasm.getThreadsCount();
} else if (engine === 'ort') {
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
    // BENCH_PEER_INPUTS=FORMAT: the inputs a converted graph takes (e.g. tf2onnx's NHWC image).
    const format = process.env.BENCH_PEER_INPUTS;
    const inputs = format ? Object.fromEntries((await peer(format)).inputs.map((v) => [v.name, v])) : inputsOf(model);
    result = await benchWeft(rt, readFileSync(path.join(build, `${model}.${process.env.BENCH_TARGET ?? 'wasm32'}.vmfb`)), inputs, loop);
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
