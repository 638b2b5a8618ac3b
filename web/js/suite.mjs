// The model suite of tests/bench on benchmarks.html: which models are built, and one case (a
// model on one engine configuration) measured with the suite's own timing loops
// (tests/bench/common.mjs) and checked against the model's reference output (ONNX Runtime on
// the CPU, recorded when the model was built). web/serve.mjs serves the files under /bench/.

import { Weft } from '../../glue/js/weft.mjs';
import { parseNpy, benchWeft, maxAbsDiff } from '../bench/common.mjs';

const MODELS = new URL('../bench/models/', import.meta.url);
/** ONNX Runtime Web's build for each device: its wasm build, and its WebGPU one. */
const ORT_MODULES = {
  cpu: new URL('../bench/ort/ort.wasm.min.mjs', import.meta.url),
  webgpu: new URL('../bench/ort/ort.webgpu.min.mjs', import.meta.url),
};

export const BUILD_HINT = 'run `bash tests/bench/build-models.sh` (builds the models into tests/bench/build/), then reload this page';
export const ORT_HINT = 'run `bash tests/bench/setup.sh` (or `npm ci` in tests/bench) to install onnxruntime-web, then reload this page';

/**
 * The engine configurations each model runs on. `build` names the .vmfb (`MODEL.<build>.vmfb`,
 * a key of status.json); ONNX Runtime runs the .onnx. `device`: the CPU, or the GPU through
 * WebGPU (ONNX Runtime's WebGPU provider; Weft's WebGPU device on the `vulkan` build).
 */
export const CONFIGS = [
  { engine: 'ort', label: 'ONNX Runtime Web', threads: 1, device: 'cpu' },
  { engine: 'ort', label: 'ONNX Runtime Web', threads: 2, device: 'cpu' },
  { engine: 'weft', label: 'Weft', build: 'wasm32', threads: 1, device: 'cpu' },
  { engine: 'weft', label: 'Weft', build: 'wasm32', threads: 2, device: 'cpu' },
  { engine: 'weft', label: 'Weft + kernels', build: 'wasm32-kernels', threads: 1, device: 'cpu' },
  { engine: 'weft', label: 'Weft + kernels', build: 'wasm32-kernels', threads: 2, device: 'cpu' },
  { engine: 'ort', label: 'ONNX Runtime Web (WebGPU)', threads: 1, device: 'webgpu' },
  { engine: 'weft', label: 'Weft (WebGPU)', build: 'vulkan', threads: 1, device: 'webgpu' },
];

/** The builds the configurations run. */
const BUILDS = [...new Set(CONFIGS.map((c) => c.build).filter(Boolean))];

async function fetchOk(name) {
  const response = await fetch(new URL(name, MODELS));
  if (!response.ok) throw new Error(`${MODELS.pathname}${name}: HTTP ${response.status}: ${BUILD_HINT}`);
  return response;
}

/**
 * What is there to run, from the server's /bench/suite.json: {models: [{name, builds}], where
 * `builds` maps a build (`wasm32`, `wasm32-kernels`, `vulkan`) to "ok" or the compiler's failure, and
 * ortProblem: null or why ONNX Runtime Web cannot run}. Throws with BUILD_HINT when no model
 * is built.
 */
export async function findSuite() {
  const response = await fetch(new URL('../bench/suite.json', import.meta.url));
  if (!response.ok) throw new Error(`The suite's manifest (/bench/suite.json) failed: HTTP ${response.status} ${(await response.text()).trim()}`);
  const manifest = await response.json();
  const models = Object.entries(manifest.models ?? {}).map(([name, s]) => ({ name, builds: Object.fromEntries(BUILDS.map((b) => [b, s[b] ?? 'not built'])) }));
  if (models.length === 0) throw new Error(`No models are built (status.json ${manifest.models ? 'lists none' : 'does not exist'} in ${manifest.dir}): ${BUILD_HINT}`);
  return { models, ortProblem: manifest.ort ? null : `ONNX Runtime Web is not installed: ${ORT_HINT}` };
}

/** A model's inputs ({name: parsed .npy}, in argument order) and reference output. */
export async function loadModelData(model) {
  const names = await (await fetchOk(`${model}.inputs.json`)).json();
  const inputs = {};
  for (const name of names) inputs[name] = parseNpy(await (await fetchOk(`${model}.in.${name}.npy`)).arrayBuffer());
  const reference = parseNpy(await (await fetchOk(`${model}.ref.npy`)).arrayBuffer());
  return { inputs, reference };
}

/** ONNX Runtime in a worker of its own: ORT fixes its thread count when it first starts. */
function runOrt(model, threads, device, inputs, loop) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./suite-ort-worker.mjs', import.meta.url), { type: 'module' });
    const done = (settle, value) => { worker.terminate(); settle(value); };
    worker.onmessage = ({ data }) => (data.error ? done(reject, new Error(data.error)) : done(resolve, data.result));
    worker.onerror = (e) => done(reject, new Error(`ONNX Runtime's worker failed: ${e.message || 'could not start'}`));
    worker.postMessage({ ort: ORT_MODULES[device].href, ep: device === 'webgpu' ? 'webgpu' : 'wasm', onnx: new URL(`${model}.onnx`, MODELS).href, threads, inputs, loop });
  });
}

async function runWeft(model, build, threads, device, inputs, loop) {
  const rt = await Weft.create({ threads });
  try {
    const info = await rt.info();
    if (info.threads !== threads) throw new Error(`asked for ${threads} threads, Weft runs on ${info.threading}`);
    return await benchWeft(rt, new URL(`${model}.${build}.vmfb`, MODELS).href, inputs, loop, { device });
  } finally {
    await rt.close();
  }
}

/**
 * Measures `model` ({name, builds}) on `config` with `loop` (common.mjs's timeLoop options);
 * returns {median, calls, loadMs, maxDiff}. Throws when the build failed, the run failed or the
 * output's shape is not the reference's.
 */
export async function runCase(model, config, data, loop) {
  if (config.engine === 'weft' && model.builds[config.build] !== 'ok') {
    throw new Error(`${model.name}.${config.build}.vmfb was not built: ${model.builds[config.build]}`);
  }
  const result = config.engine === 'ort'
    ? await runOrt(model.name, config.threads, config.device, data.inputs, loop)
    : await runWeft(model.name, config.build, config.threads, config.device, data.inputs, loop);
  const shape = Array.from(result.shape, Number);
  if (shape.join('x') !== data.reference.shape.join('x')) {
    throw new Error(`output shape ${shape.join('x')}, the reference's is ${data.reference.shape.join('x')}`);
  }
  return { median: result.median, calls: result.times.length, loadMs: result.loadMs, maxDiff: maxAbsDiff(result.output, data.reference.data) };
}
