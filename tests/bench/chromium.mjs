// The Chromium runs: headless Chromium (playwright-core) on bench.html, served by web/serve.mjs
// on 127.0.0.1 with COOP/COEP (cross-origin isolated). Prints one JSON object.
//   node chromium.mjs MODEL...   ORT-Web, LiteRT.js, TF.js (wasm backend) and Weft (its runtime in
//                                this thread, `worker: false`, in a dedicated Worker of the page;
//                                and through its worker API) with 1 and 2 threads; the wasm SIMD
//                                peak, page-ready, tiny calls; on WebGPU (SwiftShader, the CPU
//                                adapter, in a browser of its own): ORT-Web's WebGPU provider,
//                                LiteRT.js's GPU accelerator and Weft's WebGPU device
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowser } from '../web/browser.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const models = process.argv.slice(2);
const loop = { iters: Number(process.env.BENCH_ITERS ?? 100), budgetMs: Number(process.env.BENCH_BUDGET_MS ?? 5000) };
const log = (...a) => process.stderr.write(`chromium: ${a.join(' ')}\n`);

// web/serve.mjs's mounts: this run's page and what it loads: the built models, ORT-Web's dist
// and the suite's timing loops.
const SERVE = {
  mounts: ['bench.html', 'common.mjs', 'simd-peak.mjs', 'wasm-loops.mjs', 'direct-worker.mjs', 'build/', 'node_modules/onnxruntime-web/dist/',
    'node_modules/@litertjs/', 'node_modules/@tensorflow/'].map((p) => [`/tests/bench/${p}`, path.join(here, p)]),
};
const out = { browser: null, ort: {}, litert: {}, tfjs: {}, weft: {}, weftDirect: {}, gpu: {}, adapter: null, simdPeak: null, pageReady: null, tiny: null, errors: [] };
// A fresh browser and profile per configuration (ORT's thread count is fixed per page). No
// request interception: the driver would be timed too. `webgpu`: with the SwiftShader adapter.
async function withPage(query, fn, { webgpu = false } = {}) {
  const browser = await openBrowser(SERVE, { intercept: false, webgpu });
  try {
    const page = await browser.newPage(`tests/bench/bench.html${query}`);
    if (!(await page.evaluate(() => self.crossOriginIsolated))) throw new Error('page is not cross-origin isolated');
    out.browser ??= browser.context.browser().version();
    return await fn(page);
  } finally {
    out.errors.push(...browser.problems);
    await browser.close();
  }
}

const caseResult = (p) => p.then((r) => r, (e) => ({ error: String(e?.message ?? e).slice(0, 400) }));

// The peers' cases, run in the page (page.evaluate sends their source: nothing from this module).
/** ONNX Runtime Web on `ep` ('wasm' on `threads`, or 'webgpu', whose build's wasm part runs on one). */
async function ortCase({ model, threads, loop, ep }) {
  const ort = await import(`/tests/bench/node_modules/onnxruntime-web/dist/ort.${ep === 'webgpu' ? 'webgpu' : 'wasm'}.min.mjs`);
  const { parseNpy, benchOrt } = await import('/tests/bench/common.mjs');
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.wasmPaths = '/tests/bench/node_modules/onnxruntime-web/dist/';
  const names = (await (await fetch(`/tests/bench/build/${model}.inputs.json`)).json());
  const inputs = {};
  for (const n of names) inputs[n] = parseNpy(await (await fetch(`/tests/bench/build/${model}.in.${n}.npy`)).arrayBuffer());
  const onnx = new Uint8Array(await (await fetch(`/tests/bench/build/${model}.onnx`)).arrayBuffer());
  return benchOrt(ort, onnx, inputs, loop, ep);
}

/** LiteRT.js on `accelerator` ('wasm', XNNPACK on `threads`: the threaded build for 2; or 'webgpu'), loaded once per page. */
async function liteRtCase({ model, threads, loop, accelerator }) {
  const litert = await import('/tests/bench/node_modules/@litertjs/core/dist/index.js');
  const { peerInputs, benchLiteRt } = await import('/tests/bench/common.mjs');
  window.liteRtLoaded ??= litert.loadLiteRt('/tests/bench/node_modules/@litertjs/core/wasm/', { threads: threads > 1 });
  await window.liteRtLoaded;
  const spec = (await (await fetch(`/tests/bench/build/${model}.peers.json`)).json()).tflite;
  if (!spec?.inputs) throw new Error(`no .tflite for ${model}: ${spec?.error ?? 'not converted'}`);
  const inputs = await peerInputs(spec.inputs, async (f) => (await fetch(`/tests/bench/build/${f}`)).arrayBuffer());
  const tflite = new Uint8Array(await (await fetch(`/tests/bench/build/${spec.file}`)).arrayBuffer());
  return benchLiteRt(litert, tflite, inputs, threads, loop, accelerator);
}

// BENCH_ONLY=gpu (run.sh --gpu): only the WebGPU cases.
if (process.env.BENCH_ONLY !== 'gpu') {
  for (const threads of [1, 2]) {
    await withPage('', async (page) => {
      for (const model of models) {
        log(`ort ${threads}t ${model}`);
        out.ort[`${model}/${threads}`] = await caseResult(page.evaluate(ortCase, { model, threads, loop, ep: 'wasm' }));
      }
    });
  }

  // LiteRT.js: its CPU path (XNNPACK); the threaded build for 2 threads (loadLiteRt once per page).
  for (const threads of [1, 2]) {
    await withPage('', async (page) => {
      for (const model of models) {
        log(`litert ${threads}t ${model}`);
        out.litert[`${model}/${threads}`] = await caseResult(page.evaluate(liteRtCase, { model, threads, loop, accelerator: 'wasm' }));
      }
    });
  }

  // TensorFlow.js, wasm backend: the thread count is set before the backend starts (once per
  // page); it caps it at navigator.hardwareConcurrency / 2, so each result says what it ran.
  for (const threads of [1, 2]) {
    await withPage('', async (page) => {
      for (const model of models) {
        log(`tfjs ${threads}t ${model}`);
        out.tfjs[`${model}/${threads}`] = await caseResult(page.evaluate(async ({ model, threads, loop }) => {
          const { peerInputs, benchTfjs } = await import('/tests/bench/common.mjs');
          if (!window.tf) {
            for (const file of ['tfjs-core/dist/tf-core.es2017.min.js', 'tfjs-backend-wasm/dist/tf-backend-wasm.es2017.min.js', 'tfjs-converter/dist/tf-converter.es2017.min.js']) {
              await new Promise((ok, fail) => {
                const script = Object.assign(document.createElement('script'), { src: `/tests/bench/node_modules/@tensorflow/${file}`, onload: ok, onerror: () => fail(new Error(`${file} did not load`)) });
                document.head.append(script);
              });
            }
            window.tf.wasm.setWasmPaths('/tests/bench/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
            window.tf.wasm.setThreadsCount(threads);
            if (!(await window.tf.setBackend('wasm'))) throw new Error('TensorFlow.js: the wasm backend did not start');
          }
          const spec = (await (await fetch(`/tests/bench/build/${model}.peers.json`)).json()).tfjs;
          if (!spec?.inputs) throw new Error(`no TF.js model for ${model}: ${spec?.error ?? 'not converted'}`);
          const inputs = await peerInputs(spec.inputs, async (f) => (await fetch(`/tests/bench/build/${f}`)).arrayBuffer());
          const result = await benchTfjs(window.tf, `/tests/bench/build/${spec.dir}/model.json`, inputs, loop);
          return { ...result, threads: window.tf.wasm.getThreadsCount() };
        }, { model, threads, loop }));
      }
    });
  }

  await withPage('?weft', async (page) => {
    const ready = await page.evaluate(async () => { const r = await window.weftReady; return { readyMs: r.readyMs, firstCallMs: r.firstCallMs, domContentLoadedMs: r.domContentLoadedMs }; });
    out.pageReady = ready;
    log('simd peak');
    out.simdPeak = await caseResult(page.evaluate(async () => (await import('/tests/bench/simd-peak.mjs')).simdPeak()));
    // Weft with its runtime in the timing thread (`worker: false`), in a dedicated Worker.
    for (const [target, suffix] of [['wasm32', ''], ['wasm32-kernels', 'k']]) {
      for (const threads of [1, 2]) {
        for (const model of models) {
          log(`weft direct ${model} ${target} ${threads}t`);
          out.weftDirect[`${model}/${threads}${suffix}`] = await caseResult(page.evaluate(({ model, target, threads, loop }) => new Promise((ok, fail) => {
            const worker = new Worker('/tests/bench/direct-worker.mjs', { type: 'module' });
            worker.onmessage = ({ data }) => { worker.terminate(); data.error ? fail(new Error(data.error)) : ok(data.result); };
            worker.onerror = (e) => { worker.terminate(); fail(new Error(`direct-worker.mjs: ${e.message}`)); };
            worker.postMessage({ model, target, threads, loop });
          }), { model, target, threads, loop }));
        }
      }
    }
    // Builds with the compiler's kernels, then with Weft's (key suffix k; Chromium runs the
    // relaxed-SIMD kernel module), each on 1 and 2 threads.
    for (const [target, suffix, threadCounts] of [['wasm32', '', [1, 2]], ['wasm32-kernels', 'k', [1, 2]]]) {
      for (const threads of threadCounts) {
        for (const model of models) {
          log(`weft ${model} ${target} ${threads}t`);
          out.weft[`${model}/${threads}${suffix}`] = await caseResult(page.evaluate(async ({ model, target, threads, loop }) => {
            const { parseNpy, benchWeft } = await import('/tests/bench/common.mjs');
            const rt = await window.Weft.create({ threads });
            try {
              const info = await rt.info();
              if (info.threads !== threads) throw new Error(`asked for ${threads} threads, Weft runs on ${info.threading}`);
              const names = (await (await fetch(`/tests/bench/build/${model}.inputs.json`)).json());
              const inputs = {};
              for (const n of names) inputs[n] = parseNpy(await (await fetch(`/tests/bench/build/${model}.in.${n}.npy`)).arrayBuffer());
              return await benchWeft(rt, `/tests/bench/build/${model}.${target}.vmfb`, inputs, loop);
            } finally {
              await rt.close();
            }
          }, { model, target, threads, loop }));
        }
      }
    }
    log('tiny');
    out.tiny = await caseResult(page.evaluate(async () => {
      const { tinyCalls } = await import('/tests/bench/common.mjs');
      const { Weft } = window;
      const vmfb = new Uint8Array(await (await fetch('/tests/bench/build/tiny.wasm32.vmfb')).arrayBuffer());
      // "inside the worker": the runtime on the calling thread (what the worker itself pays);
      // through the Promise API: the runtime in its Worker, each call a message round trip.
      const direct = await tinyCalls(await Weft.create({ worker: false, threads: 1 }), vmfb);
      const { rt } = await window.weftReady;
      const worker = await tinyCalls(rt, vmfb);
      return { direct, worker };
    }));
  });
}

// WebGPU, every engine on the one adapter the browser offers. ORT-Web's WebGPU build keeps its
// wasm part on one thread (the GPU does the work). The GPU builds: ORT-Web the same .onnx,
// LiteRT.js the same .tflite, Weft build/MODEL.vulkan.vmfb (`weft compile --device=webgpu`).
await withPage('', async (page) => {
  out.adapter = await page.evaluate(async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    return adapter ? { vendor: adapter.info.vendor, architecture: adapter.info.architecture, description: adapter.info.description } : null;
  });
  if (!out.adapter) throw new Error('Chromium offers no WebGPU adapter (the SwiftShader flags of tests/web/browser.mjs)');
  for (const model of models) {
    log(`ort webgpu ${model}`);
    out.gpu[`ort/${model}`] = await caseResult(page.evaluate(ortCase, { model, threads: 1, loop, ep: 'webgpu' }));
    log(`litert webgpu ${model}`);
    out.gpu[`litert/${model}`] = await caseResult(page.evaluate(liteRtCase, { model, threads: 1, loop, accelerator: 'webgpu' }));
    log(`weft webgpu ${model}`);
    out.gpu[`weft/${model}`] = await caseResult(page.evaluate(async ({ model, loop }) => {
      const { parseNpy, benchWeft } = await import('/tests/bench/common.mjs');
      const rt = await window.Weft.create({ threads: 1 });
      try {
        const names = (await (await fetch(`/tests/bench/build/${model}.inputs.json`)).json());
        const inputs = {};
        for (const n of names) inputs[n] = parseNpy(await (await fetch(`/tests/bench/build/${model}.in.${n}.npy`)).arrayBuffer());
        return await benchWeft(rt, `/tests/bench/build/${model}.vulkan.vmfb`, inputs, loop, { device: 'webgpu' });
      } finally {
        await rt.close();
      }
    }, { model, loop }));
  }
}, { webgpu: true }).catch((e) => { out.gpuError = String(e?.message ?? e); });
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, JSON.stringify(out));
else process.stdout.write(JSON.stringify(out) + '\n');
