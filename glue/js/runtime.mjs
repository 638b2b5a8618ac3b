// The direct path: the Weft runtime in this thread. The worker runs one of these; the proxy in
// proxy.mjs has the same methods and forwards them to a worker.
//
// Loading a program: Rust reads the program and finds and links its wasm kernels (side
// modules); this file compiles them asynchronously, instantiates them against the runtime's
// shared memory (each with a function table of its own), runs their init and library query,
// hands the library back to Rust, and then Rust links the program and runs its __init (see
// glue/src/bindings.rs), which reads the program's parameters from the files given with the
// load (opened and indexed first: parameters.mjs). Progress is reported per stage: download,
// verify, link, compile, initialize, parameters.
//
// Everything this thread runs is synchronous wasm once started: a direct runtime cannot be
// interrupted. `signal` and `timeoutMs` are honoured between steps (download, compile, before a
// call starts); a worker runtime (proxy.mjs) enforces them by stopping its worker.

import { initSync, __wbg_reset_state as resetRuntimeInstance, Runtime as Core, CoreError, runtime_function_table, inspect_program, heap_bytes_in_use, pool_configure, library_query_export, library_version } from '../pkg/weft_runtime.js';
// Looked up, not imported: the test entries (debug_*) are in test builds of the runtime only.
import * as runtimeExports from '../pkg/weft_runtime.js';
import { WeftError, asWeftError } from './errors.mjs';
import { readSource, cacheMode } from './source.mjs';
import { importedMemory } from './wasm-limits.mjs';
import { hasRelaxedSimd } from './wasm-features.mjs';
import { encodeTextInputs, checkIterations } from './values.mjs';
import { invoke } from './frame.mjs';
import { KernelHost } from './kernel-host.mjs';
import { kernelModuleUrl, kernelVariant, importsKernels } from './kernels.mjs';
import { Pool, threadPlan } from './pool.mjs';
import { createLogger } from './log.mjs';
import { Deadline } from './deadline.mjs';
import { parameterList, openParameterFiles, indexParameterFiles, withReadFailure } from './parameters.mjs';

const DEFAULT_MAXIMUM_PAGES = 16384; // 1 GiB

/** Where the runtime module is: next to this package's JS, or under `base`. */
function runtimeWasmUrl(base) {
  return base ? new URL('glue/pkg/weft_runtime_bg.wasm', base) : new URL('../pkg/weft_runtime_bg.wasm', import.meta.url);
}

/** Test entries exist only in a runtime built for the tests; say how to get one. */
function requireDebugExports() {
  if (typeof runtimeExports.debug_workgroup_counts !== 'function') {
    throw new Error('this runtime build has no test entries (debug_*): build it with WEFT_DEBUG_EXPORTS=1 bash glue/build.sh');
  }
}

// One runtime module instance per thread (wasm-bindgen's JS keeps it in module state); every
// Runtime created in this thread shares its memory, kernels and thread pool. Once a trap or a
// lost pool worker has made it unusable, the next Runtime created here starts a fresh instance
// of the same module on a new memory (wasm-bindgen's reset, glue/build.sh); the lost one's
// Runtime objects keep rejecting with RUNTIME_LOST.
let shared = null;
/** The runtime module this thread compiled, {module, limits}; a restart reuses it. */
let runtimeModule = null;
/** Whether wasm-bindgen's JS holds an instance of it (a start then replaces that instance). */
let instantiated = false;

async function instantiateRuntime(options, platform, log) {
  const pending = shared;
  const running = pending && (await pending);
  // Another Runtime created in this thread meanwhile may have started a new instance already.
  if (shared !== pending) return instantiateRuntime(options, platform, log);
  if (running && !running.lost) {
    if (options.maximumMemoryPages && options.maximumMemoryPages !== running.maximumPages) {
      throw new WeftError('BAD_ARGUMENT', `this thread's Weft runtime already has a maximum of ${running.maximumPages} memory pages`);
    }
    if (options.threads !== undefined && options.threads !== running.plan.threads) {
      throw new WeftError('BAD_ARGUMENT', `this thread's Weft runtime already runs on ${running.plan.why}`);
    }
    return running;
  }
  if (running) {
    log.warn(`starting a new runtime instance: the previous one stopped (${running.lost})`);
    running.pool?.close(); // its workers may still be in the dispatch that was lost
  }
  shared = startRuntime(options, platform, log);
  shared.catch(() => { shared = null; }); // a failed start may be retried
  return shared;
}

async function compileRuntime(read, options) {
  const bytes = await read(options.wasm ?? runtimeWasmUrl(options.base));
  const limits = importedMemory(bytes);
  if (!limits?.shared) throw new WeftError('INVALID_PROGRAM', 'the Weft runtime module does not import a shared memory (rebuild it with glue/build.sh)');
  return { module: await WebAssembly.compile(bytes), limits };
}

/** This thread's runtime module instance on `memory`: the first, or a fresh one replacing it. */
function instantiate(module, memory) {
  if (instantiated) resetRuntimeInstance(memory);
  const exports = initSync({ module, memory }); // after a reset, the fresh instance's exports
  instantiated = true;
  return exports;
}

async function startRuntime(options, platform, log) {
  const cache = cacheMode(options.cache);
  const store = cache !== 'none' ? await platform.openCacheStore() : null;
  const read = (source) => readSource(platform, source, { cache, store, log });
  runtimeModule ??= await compileRuntime(read, options);
  const { module, limits } = runtimeModule;
  const maximumPages = options.maximumMemoryPages ?? DEFAULT_MAXIMUM_PAGES;
  if (!(maximumPages >= limits.initial && maximumPages <= (limits.maximum ?? 65536))) {
    throw new WeftError('BAD_ARGUMENT', `maximumMemoryPages must be between ${limits.initial} and ${limits.maximum ?? 65536}, got ${maximumPages}`);
  }
  const memory = new WebAssembly.Memory({ initial: limits.initial, maximum: maximumPages, shared: true });
  const exports = instantiate(module, memory);
  const plan = threadPlan(options.threads, memory, platform);
  // Weft's kernel module: fetched and compiled on first use, then given to every thread.
  let kernels = null;
  const compiledKernels = () => (kernels ??= read(kernelModuleUrl(kernelVariant(), options.base)).then((b) => WebAssembly.compile(b)));
  const host = new KernelHost({ memory, runtime: exports, compiledKernels });
  const table = runtime_function_table();
  const trampoline = table.grow(1);
  host.installTrampoline(table, trampoline);
  const control = pool_configure(plan.threads, trampoline);
  if (plan.reduced) log.warn(`runs on ${plan.why}`);
  const pool = plan.threads > 1 ? Pool.start({ threads: plan.threads, module, memory, control, trampoline, platform, base: options.base, log }) : null;
  // How side modules' libraries are queried (glue/wasm-loader/src/abi.rs).
  const library = { query: library_query_export(), version: library_version() };
  // Node: collects after enough dropped kernels (platform.node.mjs garbageCollector).
  const released = platform.garbageCollector?.() ?? (() => {});
  // The WebGPU device: its code, its worker and the WGSL translator load with the first GPU
  // program, so a CPU-only page never fetches them.
  let gpu = null;
  let adapter = null; // the started device's, for info()
  const startGpu = () => (gpu ??= import('./gpu/device.mjs').then(async ({ GpuDevice, translatorUrl }) => {
    const translator = await WebAssembly.compile(await read(translatorUrl(options.base)));
    const device = await GpuDevice.start({ platform, base: options.base, memory, translator });
    adapter = device.adapter;
    return device;
  }));
  const gpuAdapter = () => adapter;
  return { memory, host, pool, plan, maximumPages, compiledKernels, startGpu, gpuAdapter, library, handles: new Handles(), released, lost: null, cache, store };
}

/** What the WebGPU device can do for a program, by glue/src/gpu.rs `Fit`. */
const FITS = ['any', 'cpu', 'gpu', 'gpu-only'];

/** How GPU errors name a program before it has loaded: its file name, where it has one. */
function programLabel(source) {
  return typeof source === 'string' || source instanceof URL ? String(source).split('/').pop() : 'the program';
}

// Kernel handles (glue/js/kernel-host.mjs): small integers the trampoline finds kernels by, the
// same on every thread. Freed ranges are reused, so the handle space stays dense; 0 is never
// handed out.
class Handles {
  #next = 1;
  #free = []; // [start, count], disjoint

  take(count) {
    const k = this.#free.findIndex(([, n]) => n >= count);
    if (k < 0) {
      const first = this.#next;
      this.#next += count;
      return first;
    }
    const [start, n] = this.#free[k];
    if (n === count) this.#free.splice(k, 1);
    else this.#free[k] = [start + count, n - count];
    return start;
  }

  give(first, count) {
    if (count > 0) this.#free.push([first, count]);
  }
}

export class Runtime {
  #core;
  #shared;
  #platform;
  #log;
  /** Defaults of per-request options: {cache, timeoutMs}. */
  #defaults;
  #programs = new Set();
  #closed = false;

  constructor(core, s, platform, log, defaults) {
    this.#core = core;
    this.#shared = s;
    this.#platform = platform;
    this.#log = log;
    this.#defaults = defaults;
  }

  /**
   * `options`: {threads, maximumMemoryPages, wasm, base, cache, logLevel, timeoutMs}
   * (weft.d.ts CreateOptions); `platform`: platform.browser.mjs or platform.node.mjs.
   */
  static async create(options, platform) {
    const log = createLogger(options.logLevel);
    const s = await instantiateRuntime(options, platform, log);
    return new Runtime(new Core(s.maximumPages), s, platform, log, { cache: cacheMode(options.cache), timeoutMs: options.timeoutMs });
  }

  /** Why this runtime cannot be used, or null. */
  #lostReason() {
    if (this.#closed) return 'the runtime was closed';
    return this.#shared.lost;
  }

  /**
   * Runs `fn` on the core. A CoreError becomes a WeftError and leaves the runtime usable; any
   * other exception escaping the runtime module (a panic, a JS error thrown through wasm) and a
   * pool worker lost mid-dispatch make this thread's runtime unusable.
   */
  _guard(fn) {
    const lost = this.#lostReason();
    if (lost) throw new WeftError('RUNTIME_LOST', `${lost}; create a new runtime`);
    try {
      return fn(this.#core);
    } catch (e) {
      if (e instanceof WeftError) throw e;
      if (e instanceof CoreError) {
        // One of glue/boundary/src/errors.rs's codes (api.test.mjs checks that each is an ErrorCode).
        const error = new WeftError(/** @type {import('./weft.js').ErrorCode} */ (e.code), e.message);
        e.free();
        if (this.#shared.pool?.broken) this.#lose('a pool worker stopped in the middle of a dispatch');
        throw error;
      }
      this.#lose(`the runtime stopped after an internal error (${e?.message ?? e})`);
      throw new WeftError('RUNTIME_LOST', `${this.#shared.lost}; create a new runtime`, { cause: e });
    }
  }

  #lose(why) {
    this.#shared.lost ??= why;
    this.#log.error(why);
  }

  /**
   * Loads a program from a URL/path, ArrayBuffer, typed array, Blob/File or Response, with
   * `parameters` ({scope: source(s)}, parameters.mjs) for its initializer to read.
   */
  async load(source, options = {}) {
    const parameters = parameterList(options.parameters);
    return this.#prepare(source, options, async (id, kernels, report, deadline) => {
      report('initialize');
      let opened;
      try {
        opened = await openParameterFiles(this.#platform, parameters, { memory: this.#shared.memory, log: this.#log, signal: deadline.signal, onProgress: options.onProgress });
      } catch (e) {
        deadline.check(); // an abort or timeout says so
        throw e;
      }
      const { files } = opened;
      let gpu = null;
      try {
        indexParameterFiles(opened, (scope, name, file) => this._guard((c) => c.add_parameters(id, scope, name, file)));
        gpu = await this.#device(id, options.device, deadline);
        deadline.check();
        this._guard((c) => c.finish(id, gpu?.forProgram(id, programLabel(source))));
      } catch (e) {
        await Promise.all(files.map((f) => f.close()));
        throw withReadFailure(e, files);
      }
      opened.progress.finish();
      for (const f of files) f.trim();
      const program = new Program(this, id, kernels, files, gpu ? { device: 'webgpu', adapter: gpu.adapter } : { device: 'cpu' });
      this.#programs.add(program);
      return program;
    });
  }

  /**
   * The WebGPU device pending program `id` runs on for the load option `device` ('auto' by
   * default, 'webgpu' or 'cpu'), or null for the CPU (gpu/device.mjs `chooseGpu` has the rules).
   */
  async #device(id, device = 'auto', deadline) {
    if (!['auto', 'webgpu', 'cpu'].includes(device)) throw new WeftError('BAD_ARGUMENT', `device must be 'auto', 'webgpu' or 'cpu', got ${JSON.stringify(device)}`);
    const fit = FITS[this._guard((c) => c.gpu_fit(id))];
    // The CPU, where the GPU has no part: decided without loading the GPU's code.
    const cpu = device === 'cpu' ? fit !== 'gpu-only' : device === 'auto' && (fit === 'any' || fit === 'cpu');
    if (cpu) return null;
    const { chooseGpu } = await import('./gpu/device.mjs');
    return chooseGpu({ device, fit, start: this.#shared.startGpu, deadline, log: this.#log });
  }


  // Reads and prepares the program `source` and instantiates its kernels, then returns
  // `complete(id, kernels, report, deadline)`; if any step fails, the pending program and its
  // kernels are released.
  async #prepare(source, options, complete) {
    const deadline = new Deadline(options, this.#defaults.timeoutMs, 'the load');
    const report = (stage, progress) => options.onProgress?.({ stage, ...progress });
    const bytes = await deadline.race(readSource(this.#platform, source, {
      cache: options.cache === undefined ? this.#defaults.cache : cacheMode(options.cache),
      store: this.#shared.store,
      log: this.#log,
      signal: deadline.signal,
      onProgress: (p) => report('download', p),
    }));
    deadline.check();
    report('verify');
    const id = this._guard((c) => c.prepare(bytes));
    const kernels = { executables: [], poolKey: null }; // [{handleBase, count, byteLength}]
    try {
      await this.#instantiateKernels(id, kernels, report, deadline);
      deadline.check();
      return await complete(id, kernels, report, deadline);
    } catch (e) {
      if (!this.#lostReason()) this._guard((c) => c.unload(id));
      await this._release(kernels);
      throw asWeftError(e);
    }
  }

  // Links every wasm executable of pending program `id`, compiles them, instantiates them on
  // this thread (init, library query) and then on every pool worker (each with its own stack).
  async #instantiateKernels(id, kernels, report, deadline) {
    const { host, pool, plan, handles, compiledKernels, library: abi } = this.#shared;
    const count = this._guard((c) => c.executable_count(id));
    report('link');
    const linked = [];
    for (let i = 0; i < count; i++) {
      const [tableBase, n] = this._guard((c) => c.table_layout(id, i));
      const handleBase = handles.take(n);
      const placed = { handleBase, count: n, byteLength: 0 };
      kernels.executables.push(placed);
      this._guard((c) => c.set_kernel_handles(id, i, handleBase));
      const bytes = this._guard((c) => c.link(id, i));
      placed.byteLength = bytes.byteLength;
      const stackTops = Array.from({ length: plan.threads }, (_, p) => this._guard((c) => c.stack_top(id, i, p)));
      linked.push({ bytes, tableBase, handleBase, count: n, byteLength: bytes.byteLength, stackTops });
    }
    report('compile');
    // The engine validates each linked module (the runtime's linker does not, to stay small).
    const modules = await deadline.race(Promise.all(linked.map(({ bytes }, i) => WebAssembly.compile(bytes).catch((e) => {
      const missing = !hasRelaxedSimd();
      const hint = missing ? ' (this engine lacks relaxed SIMD: a program built with `weft compile --relaxed-simd` needs Chromium 114+, Node 22+ or Node 20 with --experimental-wasm-relaxed-simd)' : '';
      throw new WeftError(missing ? 'UNSUPPORTED' : 'INVALID_PROGRAM', `wasm executable ${i} of the program does not compile after linking: ${e.message}${hint}`);
    }))));
    const executables = linked.map(({ bytes, ...e }, i) => ({ ...e, module: modules[i] }));
    for (const [i, e] of executables.entries()) {
      deadline.check();
      const instance = await host.instantiate({ ...e, stackTop: e.stackTops[0] }).catch((x) => {
        throw new WeftError('INVALID_PROGRAM', `wasm executable ${i} of the program cannot be instantiated: ${x.message}`);
      });
      let library;
      try {
        instance.exports.__weft_init(); // once per memory: the workers' instances skip it
        library = instance.exports[abi.query](abi.version, this._guard((c) => c.environment(id, i)));
      } catch (x) {
        throw x instanceof WeftError ? x : new WeftError('INVALID_PROGRAM', `wasm executable ${i} of the program trapped while initialising (${x?.message ?? x})`);
      }
      this._guard((c) => c.set_library(id, i, library >>> 0));
    }
    // Workers must have every kernel before the program's initializer can dispatch one.
    if (pool && executables.length > 0) {
      const needsKernels = executables.some((e) => importsKernels(e.module));
      kernels.poolKey = await pool.load(executables, needsKernels ? await compiledKernels() : null);
    }
  }

  /**
   * Which threads run workgroups and why: {threads, threading, worker: false} (e.g. "1
   * thread: the page is not cross-origin isolated ..."). Waits until the pool's workers have
   * started.
   */
  async info() {
    const { pool, plan, gpuAdapter } = this.#shared;
    const base = { worker: false, restarts: 0, gpu: gpuAdapter() };
    if (!pool) return { ...base, threads: plan.threads, threading: plan.why };
    await pool.whenStarted();
    const threads = 1 + pool.liveWorkers;
    if (pool.failures.length === 0) return { ...base, threads, threading: plan.why };
    return { ...base, threads, threading: `${threads} thread${threads > 1 ? 's' : ''} of ${plan.threads}: ${pool.failures.join('; ')}` };
  }

  /** Describes a program without running it (also programs this build cannot run). */
  async inspect(source, options = {}) {
    const deadline = new Deadline(options, this.#defaults.timeoutMs, 'the inspection');
    const bytes = await deadline.race(readSource(this.#platform, source, { signal: deadline.signal, log: this.#log }));
    return this._guard(() => inspect_program(bytes));
  }

  /** Test entry: prepares the kernels of a program (that may need the HAL) for `Kernels.dispatch`. */
  async _loadKernels(source) {
    requireDebugExports();
    return this.#prepare(source, {}, (id, kernels) => {
      const names = kernels.executables.map((_, i) => this._guard((c) => c.export_names(id, i)));
      this._guard((c) => c.debug_kernels(id));
      return new Kernels(this, id, kernels, names);
    });
  }

  /**
   * Drops a program's kernel instances on every thread and frees their handles. The pool's
   * message goes out before anything is awaited, so a load that follows finds the handles free
   * on every worker in the same order.
   */
  async _release(kernels) {
    const { host, pool, handles, released } = this.#shared;
    const dropped = pool && kernels.poolKey !== null ? pool.unload(kernels.poolKey) : null;
    kernels.poolKey = null;
    for (const { handleBase, count, byteLength } of kernels.executables) {
      host.release(handleBase, count);
      handles.give(handleBase, count);
      released(byteLength);
    }
    kernels.executables.length = 0;
    await dropped;
  }

  /** Forgets `program` (it unloaded itself). */
  _forget(program) {
    this.#programs.delete(program);
  }

  /** Options of one request with the runtime's defaults. */
  _deadline(options, what) {
    return new Deadline(options, this.#defaults.timeoutMs, what);
  }

  /** The shared linear memory (typed calls read and write it directly). */
  _memory() {
    return this.#shared.memory;
  }

  /** Test entry: linear memory size, heap bytes in use and kernel handles of this thread's runtime module. */
  _usage() {
    return { memoryBytes: this.#shared.memory.buffer.byteLength, heapBytes: heap_bytes_in_use() };
  }

  /** Test entry: workgroups each thread ran since the last call (index = processor id; 0 is this thread). */
  _workgroupCounts() {
    requireDebugExports();
    return Array.from(runtimeExports.debug_workgroup_counts());
  }

  /** Unloads this runtime's programs; later requests reject with RUNTIME_LOST. */
  async close() {
    if (this.#closed) return;
    for (const program of [...this.#programs]) await program.unload();
    this.#closed = true;
  }
}

/** A loaded program. */
export class Program {
  #runtime;
  #id;
  #kernels;
  /** Its parameter files (parameters.mjs), open while it is loaded. */
  #parameterFiles;
  #unloaded = false;
  #indices = new Map(); // function name -> the runtime's index for it

  constructor(runtime, id, kernels, parameterFiles = [], device = { device: 'cpu' }) {
    this.#runtime = runtime;
    this.#id = id;
    this.#kernels = kernels;
    this.#parameterFiles = parameterFiles;
    /** The program's module name. */
    this.name = runtime._guard((c) => c.name(id));
    /** Exported functions: {name, signature, cconv, async, args: [{name, type, kind}], results}. */
    this.functions = JSON.parse(runtime._guard((c) => c.functions(id)));
    /** Where its executables run: 'webgpu' or 'cpu'. */
    this.device = device.device;
    /** The WebGPU adapter it runs on ({vendor, architecture, description}), or null. */
    this.adapter = device.adapter ?? null;
  }

  // Runs `fn` on the core for this program, after checking it is still loaded and the request's deadline.
  #use(options, what, fn) {
    if (this.#unloaded) throw new WeftError('UNLOADED', `program '${this.name}' was unloaded; load it again to ${what}`);
    this.#runtime._deadline(options, what).check();
    return this.#runtime._guard(fn);
  }

  /**
   * Calls `name` with numbers (bigint for i64) and tensors {dtype, shape, data: TypedArray};
   * returns its results the same way.
   */
  async call(name, args = [], options = {}) {
    return this._callNow(name, args, options);
  }

  /** `call`, answered synchronously (the worker's call lane serves calls outside its event loop). */
  _callNow(name, args = [], options = {}) {
    const memory = this.#runtime._memory();
    return this.#use(options, `call '${name}'`, (c) => {
      let index = this.#indices.get(name);
      if (index === undefined) this.#indices.set(name, (index = c.function_index(this.#id, name)));
      return invoke(c, memory, this.#id, index, name, args);
    });
  }

  /**
   * Calls `name` with iree-run-module `--input` texts (or {npy: bytes}), parsed once, `iterations`
   * times; returns the last call's results as text (`seed`: formatted as the seed sample did),
   * the whole milliseconds the calls alone took and what `hal.buffer_view.trace` printed during
   * the last call.
   */
  async callText(name, inputs = [], { seed = false, iterations = 1, ...options } = {}) {
    checkIterations(iterations);
    const { texts, data } = encodeTextInputs(inputs);
    const call = this.#use(options, `call '${name}'`, (c) => c.call_text(this.#id, name, texts, data, seed, iterations));
    const { results, invoke_ms } = call;
    call.free();
    const trace = this.#runtime._guard((c) => c.take_trace(this.#id));
    return { results, total_invoke_time_ms: Math.floor(invoke_ms), trace };
  }

  /** A text description of the program (module, functions, signatures, executables) and where it runs. */
  async inspect(options = {}) {
    const text = this.#use(options, 'inspect it', (c) => c.inspect(this.#id));
    const { adapter } = this;
    return `${text}device: ${adapter ? `webgpu (${adapter.vendor} ${adapter.architecture}: ${adapter.description})` : 'cpu'}\n`;
  }

  /** Frees the program; its kernels' instances are dropped with it, on every thread. Unloading twice is harmless. */
  async unload() {
    if (this.#unloaded) return;
    this.#unloaded = true;
    this.#runtime._forget(this);
    const released = this.#runtime._release(this.#kernels);
    try {
      this.#runtime._guard((c) => c.unload(this.#id));
    } catch (e) {
      if (e.code !== 'RUNTIME_LOST') throw e; // a lost runtime has nothing left to free
    } finally {
      await Promise.all(this.#parameterFiles.map((f) => f.close()));
    }
    await released;
  }

  /** Test entry: the reads each parameter file's reader made ({name, requests}), e.g. range requests of a URL. */
  _parameterReads() {
    return this.#parameterFiles.map((f) => ({ name: f.name, requests: f.requests }));
  }
}

/** Test entry: the kernels of one program, dispatched through the loader without the HAL. */
export class Kernels {
  #runtime;
  #id;
  #kernels;

  constructor(runtime, id, kernels, names) {
    this.#runtime = runtime;
    this.#id = id;
    this.#kernels = kernels;
    /** Export names per executable. */
    this.exportNames = names;
  }

  /** Runs a dispatch; `bindings` are Uint8Arrays, returned as they are afterwards. */
  dispatch(index, exportOrdinal, workgroupCount, constants, bindings) {
    const lengths = Uint32Array.from(bindings, (b) => b.byteLength);
    const data = new Uint8Array(lengths.reduce((a, b) => a + b, 0));
    let at = 0;
    for (const b of bindings) { data.set(b, at); at += b.byteLength; }
    const out = this.#runtime._guard((c) =>
      c.debug_dispatch(this.#id, index, exportOrdinal, Uint32Array.from(workgroupCount), Uint32Array.from(constants), data, lengths));
    at = 0;
    return bindings.map((b) => { const s = out.slice(at, at + b.byteLength); at += b.byteLength; return s; });
  }

  async unload() {
    const released = this.#runtime._release(this.#kernels);
    this.#runtime._guard((c) => c.unload(this.#id));
    await released;
  }
}

