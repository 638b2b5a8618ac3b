// Shared by the Node and Chromium runners and web/benchmarks.html: .npy reading, timing loops
// for ONNX Runtime Web, Weft, LiteRT.js and TensorFlow.js, the difference from a reference output.
// Runs unchanged in Node and in a page (no Node imports here).

const NPY_TYPES = { '<f4': ['f32', Float32Array, 'float32'], '<i8': ['i64', BigInt64Array, 'int64'], '<i4': ['i32', Int32Array, 'int32'] };

/** Parses a little-endian, C-order .npy file: {dtype, ortType, shape, data}. */
export function parseNpy(buf) {
  const u8 = new Uint8Array(buf);
  const major = u8[6];
  const hlen = major === 1 ? u8[8] | (u8[9] << 8) : new DataView(u8.buffer, u8.byteOffset + 8, 4).getUint32(0, true);
  const hstart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(u8.subarray(hstart, hstart + hlen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error('fortran order .npy');
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const [dtype, T, ortType] = NPY_TYPES[descr] ?? (() => { throw new Error(`npy dtype ${descr}`); })();
  const off = hstart + hlen;
  const data = new T(u8.slice(off).buffer);
  return { dtype, ortType, shape, data };
}

/** Largest |a[i] - b[i]| (NaN anywhere gives NaN: a wrong output must not look close). */
export function maxAbsDiff(a, b) {
  if (a.length !== b.length) throw new Error(`${a.length} values against ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(Number(a[i]) - Number(b[i]));
    if (Number.isNaN(d)) return NaN;
    if (d > max) max = d;
  }
  return max;
}

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : null; };

/**
 * Warms up (at least `warmup` calls and `warmupMs`: engines first run wasm in a baseline tier
 * and optimise hot functions in the background, for ORT-Web and Weft alike), then calls `fn`
 * until `iters` calls or `budgetMs` passed (at least 5).
 */
export async function timeLoop(fn, { warmup = 2, warmupMs = 1000, iters = 100, budgetMs = 5000 } = {}) {
  let out;
  const warm = performance.now();
  for (let i = 0; i < warmup || performance.now() - warm < warmupMs; i++) out = await fn();
  const times = [];
  const start = performance.now();
  while (times.length < iters && (times.length < 5 || performance.now() - start < budgetMs)) {
    const t = performance.now();
    out = await fn();
    times.push(performance.now() - t);
  }
  return { times, out };
}

/**
 * ONNX Runtime Web: session from `onnx` bytes on execution provider `ep` ('wasm', or 'webgpu'
 * with ORT's WebGPU build), `inputs` name -> parsed npy. Each timed call reads its output back
 * to the CPU, as every engine's call does.
 */
export async function benchOrt(ort, onnx, inputs, loop, ep = 'wasm') {
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(onnx, { executionProviders: [ep], graphOptimizationLevel: 'all' });
  const loadMs = performance.now() - t0;
  const feeds = {};
  for (const [k, v] of Object.entries(inputs)) feeds[k] = new ort.Tensor(v.ortType, v.data, v.shape);
  const { times, out } = await timeLoop(async () => session.run(feeds), loop);
  const y = out[session.outputNames[0]];
  const result = { loadMs, times, median: median(times), output: Array.from(y.data), shape: Array.from(y.dims) };
  await session.release();
  return result;
}

/**
 * Weft through its public JS API: `rt` from Weft.create(), `vmfb` bytes or URL, `options`
 * what rt.load takes (e.g. `{device: 'webgpu'}`). The result names the device that ran it.
 */
export async function benchWeft(rt, vmfb, inputs, loop, options = {}) {
  const t0 = performance.now();
  const prog = await rt.load(vmfb, options);
  const loadMs = performance.now() - t0;
  const fn = prog.functions.find((f) => !f.name.includes('$') && !f.name.startsWith('__')) ?? prog.functions[0];
  const args = Object.values(inputs).map((v) => ({ dtype: v.dtype, shape: v.shape, data: v.data }));
  const { times, out } = await timeLoop(async () => prog.call(fn.name, args), loop);
  const y = out[0];
  const result = { loadMs, function: fn.name, device: prog.device, adapter: prog.adapter, times, median: median(times), output: Array.from(y.data, Number), shape: y.shape };
  await prog.unload();
  return result;
}

/**
 * A peer's inputs as build/MODEL.peers.json lists them for its format (`spec`: [{name, npy}],
 * in the order the converted model takes them; NHWC images, int32 ids), each read with
 * `readNpy(file)` (a Promise of its bytes): [{name, dtype, shape, data}].
 */
export async function peerInputs(spec, readNpy) {
  return Promise.all(spec.map(async ({ name, npy }) => ({ name, ...parseNpy(await readNpy(npy)) })));
}

/**
 * LiteRT.js: `litert` is @litertjs/core after loadLiteRt(), `tflite` the model's bytes, `inputs`
 * from peerInputs (positional, the order the model lists them), `accelerator` 'wasm' (its CPU
 * path, XNNPACK, on `threads`) or 'webgpu'. Each timed call runs the model and copies its first
 * output out, as the other engines' calls do.
 */
export async function benchLiteRt(litert, tflite, inputs, threads, loop, accelerator = 'wasm') {
  const t0 = performance.now();
  const model = await litert.loadAndCompile(tflite, { accelerator, cpuOptions: { numThreads: threads } });
  const loadMs = performance.now() - t0;
  const tensors = inputs.map((v) => new litert.Tensor(v.data, v.shape));
  const run = async () => {
    const ys = await model.run(tensors);
    // A GPU tensor is read back through a promise; a CPU one's view is copied.
    const data = accelerator === 'wasm' ? ys[0].toTypedArray().slice() : await ys[0].data();
    const y = { data, shape: Array.from(ys[0].type.layout.dimensions) };
    for (const t of ys) t.delete();
    return y;
  };
  const { times, out } = await timeLoop(run, loop);
  for (const t of tensors) t.delete();
  model.delete();
  return { loadMs, times, median: median(times), output: Array.from(out.data), shape: out.shape };
}

/**
 * TensorFlow.js on its wasm backend: `tf` with the backend set to 'wasm', `source` what
 * tf.loadGraphModel takes (a URL or an IOHandler), `inputs` from peerInputs (by name).
 */
export async function benchTfjs(tf, source, inputs, loop) {
  const t0 = performance.now();
  const model = await tf.loadGraphModel(source);
  const loadMs = performance.now() - t0;
  const feeds = Object.fromEntries(inputs.map((v) => [v.name, tf.tensor(v.data, v.shape, v.dtype === 'f32' ? 'float32' : 'int32')]));
  const run = async () => {
    const y = model.execute(feeds);
    const out = { data: await y.data(), shape: y.shape };
    y.dispose();
    return out;
  };
  const { times, out } = await timeLoop(run, loop);
  for (const t of Object.values(feeds)) t.dispose();
  model.dispose();
  return { loadMs, times, median: median(times), output: Array.from(out.data), shape: out.shape, backend: tf.getBackend() };
}

/**
 * Per-call latency of a tiny program (`abs` of one f32): `n` calls timed in batches of `batch`
 * (a cross-origin-isolated page's clock ticks in 5 µs steps, coarser than one call); the
 * median and 90th percentile over batches of the mean call in a batch, in µs.
 */
export async function tinyCalls(rt, vmfb, n = 4000, batch = 20) {
  const prog = await rt.load(vmfb);
  const fn = prog.functions[0].name;
  const arg = { dtype: 'f32', shape: [1], data: new Float32Array([-1.5]) };
  // Warm up for a second: engines run new wasm in a baseline tier first and optimise the hot
  // functions in the background; a call's steady-state cost is what is measured.
  for (const start = performance.now(); performance.now() - start < 1000;) await prog.call(fn, [arg]);
  const perCall = [];
  for (let i = 0; i < n; i += batch) {
    const t = performance.now();
    for (let j = 0; j < batch; j++) await prog.call(fn, [arg]);
    perCall.push((performance.now() - t) / batch);
  }
  const [y] = await prog.call(fn, [arg]);
  await prog.unload();
  const sorted = [...perCall].sort((a, b) => a - b);
  return { medianUs: median(perCall) * 1000, p90Us: sorted[Math.floor(sorted.length * 0.9)] * 1000, calls: n, batch, result: Array.from(y.data ?? [y]) };
}
