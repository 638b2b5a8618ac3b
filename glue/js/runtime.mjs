// The direct path: the Weft runtime in this thread. The worker runs one of these; the proxy in
// proxy.mjs has the same methods and forwards them to a worker.
//
// Loading a program: Rust finds and links the program's wasm kernels (side modules), this file
// compiles them asynchronously, instantiates them against the runtime's shared memory and
// function table, runs their init and library query, hands the library back to Rust, and then
// Rust links the program and runs its __init (see glue/src/bindings.rs).

import { initSync, Runtime as Core, runtime_function_table, inspect_program, heap_bytes_in_use, pool_configure, debug_workgroup_counts } from '../pkg/weft_runtime.js';
import { readBytes, hasRelaxedSimd } from './platform.mjs';
import { importedMemory } from './wasm-limits.mjs';
import { toBytes, encodeTextInputs } from './values.mjs';
import { invoke } from './frame.mjs';
import { KernelHost } from './kernel-host.mjs';
import { Pool, threadPlan } from './pool.mjs';

/** Library version the runtime reads (IREE_HAL_EXECUTABLE_LIBRARY_VERSION_0_6). */
const LIBRARY_VERSION = 6;
const QUERY = 'iree_hal_executable_library_query';
const DEFAULT_MAXIMUM_PAGES = 16384; // 1 GiB

// One runtime module instance per thread (wasm-bindgen's JS keeps it in module state); every
// Runtime created in this thread shares its memory, table and thread pool.
let shared = null;

async function instantiateRuntime(options) {
  if (shared) {
    if (options.maximumMemoryPages && options.maximumMemoryPages !== shared.maximumPages) {
      throw new Error(`this thread's Weft runtime already has a maximum of ${shared.maximumPages} memory pages`);
    }
    if (options.threads !== undefined && options.threads !== shared.plan.threads) {
      throw new Error(`this thread's Weft runtime already runs on ${shared.plan.why}`);
    }
    return shared;
  }
  const bytes = options.wasm ? await toBytes(options.wasm) : await readBytes(new URL('../pkg/weft_runtime_bg.wasm', import.meta.url));
  const limits = importedMemory(bytes);
  if (!limits?.shared) throw new Error('the Weft runtime module does not import a shared memory (rebuild with glue/build.sh)');
  const maximumPages = options.maximumMemoryPages ?? DEFAULT_MAXIMUM_PAGES;
  if (!(maximumPages >= limits.initial && maximumPages <= (limits.maximum ?? 65536))) {
    throw new Error(`maximumMemoryPages must be between ${limits.initial} and ${limits.maximum ?? 65536}, got ${maximumPages}`);
  }
  const memory = new WebAssembly.Memory({ initial: limits.initial, maximum: maximumPages, shared: true });
  const plan = await threadPlan(options.threads, memory);
  const module = await WebAssembly.compile(bytes);
  const exports = initSync({ module, memory });
  const table = runtime_function_table();
  if (!(table instanceof WebAssembly.Table)) throw new Error('the Weft runtime module exports no function table');
  const slots = new TableSlots(table);
  const host = new KernelHost({ memory, table, runtime: exports });
  const trampoline = slots.take(1, 1);
  host.installTrampoline(trampoline);
  const control = pool_configure(plan.threads, trampoline);
  if (plan.reduced) console.warn(`Weft runs on ${plan.why}`);
  const pool = plan.threads > 1 ? Pool.start({ threads: plan.threads, module, memory, control, trampoline }) : null;
  shared = { memory, exports, table, slots, host, pool, plan, maximumPages };
  return shared;
}

// Function table slots for kernels: freed slots (nulled by KernelHost.release, so unloaded
// instances can be collected) are reused; otherwise the table grows. Slot 0 stays null.
class TableSlots {
  #table;
  #free = []; // [start, count], disjoint

  constructor(table) {
    this.#table = table;
  }

  take(count, align) {
    for (const [k, [start, n]] of this.#free.entries()) {
      const base = Math.max(1, Math.ceil(start / align) * align);
      if (base + count <= start + n) {
        this.#free.splice(k, 1);
        if (base > start) this.#free.push([start, base - start]);
        if (base + count < start + n) this.#free.push([base + count, start + n - base - count]);
        return base;
      }
    }
    const length = this.#table.length;
    const base = Math.max(1, Math.ceil(length / align) * align);
    this.#table.grow(base + count - length);
    if (base > length) this.#free.push([length, base - length]);
    return base;
  }

  give(base, count) {
    this.#free.push([base, count]);
  }
}

// A panic or a wasm trap unwinds without Rust's cleanup: the runtime must not be used again.
function isFatal(e) {
  return e instanceof WebAssembly.RuntimeError || /^weft panic/.test(e?.message ?? '');
}

export class Runtime {
  #core;
  #shared;
  #broken = null;

  constructor(core, shared) {
    this.#core = core;
    this.#shared = shared;
  }

  /** @param {{maximumMemoryPages?: number, threads?: number, wasm?: ArrayBuffer|Uint8Array|string}} options */
  static async create(options = {}) {
    const s = await instantiateRuntime(options);
    return new Runtime(new Core(s.maximumPages), s);
  }

  /** Runs `fn` on the core; a fatal failure disables the runtime. */
  _guard(fn) {
    if (this.#broken) throw new Error(`the Weft runtime stopped after an internal error (${this.#broken.message}); create a new runtime`);
    try {
      return fn(this.#core);
    } catch (e) {
      if (isFatal(e)) this.#broken = e;
      throw e instanceof Error ? e : new Error(String(e));
    }
  }

  /** Loads a program from a URL/path, ArrayBuffer, typed array, Blob/File or Response. */
  async load(source) {
    return this.#prepare(source, (id, kernels) => {
      this._guard((c) => c.finish(id));
      return new Program(this, id, kernels);
    });
  }

  // Prepares the program `source` and instantiates its kernels, then returns `complete(id,
  // kernels)`; if any step fails, the pending program and its kernels are released.
  async #prepare(source, complete) {
    const bytes = await toBytes(source);
    const id = this._guard((c) => c.prepare(bytes));
    const kernels = { slots: [], poolKey: null };
    try {
      await this.#instantiateKernels(id, kernels);
      return complete(id, kernels);
    } catch (e) {
      this._guard((c) => c.unload(id));
      await this._release(kernels);
      throw e;
    }
  }

  // Compiles and instantiates every wasm executable of pending program `id` on this thread,
  // then on every pool worker (each at the same table slots, with its own stack).
  async #instantiateKernels(id, kernels) {
    const { slots, host, pool, plan } = this.#shared;
    const count = this._guard((c) => c.executable_count(id));
    const compiled = [];
    for (let i = 0; i < count; i++) {
      // Reserve the table slots synchronously, so interleaved loads get distinct slots.
      const [n, align] = this._guard((c) => c.table_slots(id, i));
      const base = slots.take(n, align);
      kernels.slots.push({ base, count: n });
      this._guard((c) => c.set_table_base(id, i, base));
      const linked = this._guard((c) => c.link(id, i));
      // The engine validates the linked module (the runtime's linker does not, to stay small).
      const module = await WebAssembly.compile(linked).catch((e) => {
        const hint = hasRelaxedSimd() ? '' : ' (this engine lacks relaxed SIMD: a program built with `weft compile --relaxed-simd` needs Chromium 114+, Node 22+ or Node 20 with --experimental-wasm-relaxed-simd)';
        throw new Error(`link error: wasm executable ${i} of the program does not compile after linking: ${e.message}${hint}`);
      });
      const stackTops = Array.from({ length: plan.threads }, (_, p) => this._guard((c) => c.stack_top(id, i, p)));
      const instance = await host.instantiate(module, base, n, stackTops[0]);
      const environment = this._guard((c) => c.environment(id, i));
      let library;
      try {
        instance.exports.__weft_init(); // once per memory: the workers' instances skip it
        library = instance.exports[QUERY](LIBRARY_VERSION, environment);
      } catch (e) {
        // The side module's own code trapped (e.g. `unreachable`): say which and where.
        throw new Error(`link error: wasm executable ${i} of the program failed in its data initialisation or library query: ${e.message}`);
      }
      this._guard((c) => c.set_library(id, i, library >>> 0));
      compiled.push({ module, base, count: n, stackTops });
    }
    // Workers must have every kernel before the program's initializer can dispatch one.
    if (pool && compiled.length > 0) kernels.poolKey = await pool.load(compiled);
  }

  /**
   * Which threads run workgroups and why: {threads, threading} (e.g. "1 thread: the page is not
   * cross-origin isolated ..."). Waits until the pool's workers have started.
   */
  async info() {
    const { pool, plan } = this.#shared;
    if (!pool) return { threads: plan.threads, threading: plan.why };
    await pool.whenStarted();
    const threads = 1 + pool.liveWorkers;
    if (pool.failures.length === 0) return { threads, threading: plan.why };
    return { threads, threading: `${threads} thread${threads > 1 ? 's' : ''} of ${plan.threads}: ${pool.failures.join('; ')}` };
  }

  /** Describes a program without running it (also programs this build cannot run). */
  async inspect(source) {
    const bytes = await toBytes(source);
    return this._guard(() => inspect_program(bytes));
  }

  /** Test entry: prepares the kernels of a program (that may need the HAL) for `Kernels.dispatch`. */
  async _loadKernels(source) {
    return this.#prepare(source, (id, kernels) => {
      const names = kernels.slots.map((_, i) => this._guard((c) => c.export_names(id, i)));
      this._guard((c) => c.debug_kernels(id));
      return new Kernels(this, id, kernels, names);
    });
  }

  /**
   * Drops a program's kernel instances on every thread and frees their table slots. The pool's
   * message goes out before anything is awaited, so a load that follows finds the slots free
   * on every worker in the same order.
   */
  async _release(kernels) {
    const { slots, host, pool } = this.#shared;
    const dropped = pool && kernels.poolKey !== null ? pool.unload(kernels.poolKey) : null;
    kernels.poolKey = null;
    for (const { base, count } of kernels.slots) {
      host.release(base, count);
      slots.give(base, count);
    }
    kernels.slots.length = 0;
    await dropped;
  }

  /** The shared linear memory (typed calls read and write it directly). */
  _memory() {
    return this.#shared.memory;
  }

  /** Test entry: linear memory size, heap bytes in use and function table slots of this thread's runtime module. */
  _usage() {
    return { memoryBytes: this.#shared.memory.buffer.byteLength, heapBytes: heap_bytes_in_use(), tableSlots: this.#shared.table.length };
  }

  /** Test entry: workgroups each thread ran since the last call (index = processor id; 0 is this thread). */
  _workgroupCounts() {
    return Array.from(debug_workgroup_counts());
  }

  /** Nothing to release beyond the programs; present so direct and proxied runtimes match. */
  async close() {}
}

/** A loaded program. */
export class Program {
  #runtime;
  #id;
  #kernels;
  #indices = new Map(); // function name -> the runtime's index for it

  constructor(runtime, id, kernels) {
    this.#runtime = runtime;
    this.#id = id;
    this.#kernels = kernels;
    /** The program's module name. */
    this.name = runtime._guard((c) => c.name(id));
    /** Exported functions: {name, signature, cconv, args: [{name, type, kind}], results}. */
    this.functions = JSON.parse(runtime._guard((c) => c.functions(id)));
  }

  /**
   * Calls `name` with numbers (bigint for i64) and tensors {dtype, shape, data: TypedArray};
   * returns its results the same way.
   */
  async call(name, args = []) {
    const memory = this.#runtime._memory();
    return this.#runtime._guard((c) => {
      let index = this.#indices.get(name);
      if (index === undefined) this.#indices.set(name, (index = c.function_index(this.#id, name)));
      return invoke(c, memory, this.#id, index, name, args);
    });
  }

  /**
   * Calls `name` with iree-run-module `--input` texts (or {npy: bytes}) `iterations` times; returns the last
   * call's results as text (`seed`: formatted as the seed sample did), the total time and what
   * `hal.buffer_view.trace` printed during the last call.
   */
  async callText(name, inputs = [], { seed = false, iterations = 1 } = {}) {
    const { texts, data } = encodeTextInputs(inputs);
    let results = [];
    const start = performance.now();
    for (let i = 0; i < iterations; i++) results = this.#runtime._guard((c) => c.call_text(this.#id, name, texts, data, seed));
    const total_invoke_time_ms = Math.floor(performance.now() - start);
    const trace = this.#runtime._guard((c) => c.take_trace(this.#id));
    return { results, total_invoke_time_ms, trace };
  }

  /** A text description of the program (module, functions, signatures, executables). */
  async inspect() {
    return this.#runtime._guard((c) => c.inspect(this.#id));
  }

  /** Frees the program; its kernels' instances are dropped with it, on every thread. */
  async unload() {
    const released = this.#runtime._release(this.#kernels);
    this.#runtime._guard((c) => c.unload(this.#id));
    await released;
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
