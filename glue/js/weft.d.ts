// Public API of Weft (glue/js/weft.mjs).

/** Element types of tensors, as IREE names them. */
export type DType = 'f16' | 'f32' | 'f64' | 'bf16' | 'i1' | 'i8' | 'i16' | 'i32' | 'i64' | 'ui8' | 'ui16' | 'ui32' | 'ui64';

/**
 * A dense row-major tensor argument or result. `data` holds the elements in the typed array
 * of its dtype (f16/bf16 as raw bits in a Uint16Array, i1 as bytes in a Uint8Array).
 */
export interface Tensor {
  dtype: DType;
  shape: number[];
  data: Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array | Uint32Array | BigUint64Array;
}

/** A scalar argument or result: i32/f32/f64 as number, i64 as bigint. */
export type Scalar = number | bigint;

/** One argument or result of an exported function, from the program's reflection. */
export interface Parameter {
  /** `input0`, `output0`, ... (empty when the program does not name it). */
  name: string;
  /** Source-level type: `f32`, `tensor<4x?xf32>`, `!hal.buffer_view`, ... */
  type: string;
  kind: 'scalar' | 'tensor' | 'other';
}

export interface FunctionInfo {
  name: string;
  /** One-line signature, e.g. `abs(input0: tensor<f32>) -> tensor<f32>`. */
  signature: string;
  /** The VM calling convention, e.g. `0ff_f`. */
  cconv: string;
  /**
   * Compiled with `--iree-execution-model=async-external` (coarse-fences ABI): the VM function
   * also takes a wait and a signal fence (`cconv` shows them). Weft passes them: `call` takes
   * only `args`, and resolves once the function has signalled its fence.
   */
  async: boolean;
  args: Parameter[];
  results: Parameter[];
}

/** What `load` accepts: a URL or file path (Node), bytes, a File/Blob or a fetch Response. */
export type ProgramSource = string | URL | ArrayBuffer | ArrayBufferView | Blob | Response;

export interface TextCallResult {
  /** Each result as iree-run-module prints it (`f32=0.5`), or as the seed sample did (`seed`). */
  results: string[];
  /** Whole milliseconds the calls took, timed around the calls alone. */
  total_invoke_time_ms: number;
  /** What `hal.buffer_view.trace` printed during the last call. */
  trace: string;
}

export interface Program {
  /** The program's module name. */
  readonly name: string;
  readonly functions: FunctionInfo[];
  /**
   * Calls an exported function. Numbers and booleans convert to the parameter's scalar type
   * when they do so exactly (integers in range for i32/i64; any number for f32, rounded to
   * nearest, and f64); bigints to i32 (in range) or i64. Tensor bytes are copied once, into
   * the runtime's memory; each result tensor is copied out once into its own ArrayBuffer.
   * Rejects with an Error carrying the runtime's message.
   */
  call(name: string, args?: Array<Scalar | Tensor>): Promise<Array<Scalar | Tensor>>;
  /**
   * Calls with iree-run-module `--input` texts (or `{npy}` with a .npy file's bytes), parsed
   * once, `iterations` times (a whole number from 1, else a RangeError); the last results as text.
   */
  callText(name: string, inputs?: Array<string | { npy: Uint8Array }>, options?: { seed?: boolean; iterations?: number }): Promise<TextCallResult>;
  /** Text description (module, functions and signatures, executables). */
  inspect(): Promise<string>;
  /** Frees the program; later calls reject. */
  unload(): Promise<void>;
}

/** What `Runtime.info` reports. */
export interface RuntimeInfo {
  /** Threads that run a dispatch's workgroups, the runtime's own thread included. */
  threads: number;
  /**
   * How many and why, e.g. `2 threads: navigator.hardwareConcurrency`, or `1 thread: the page
   * is not cross-origin isolated, ...` when the environment allows no pool (also said once in
   * the console).
   */
  threading: string;
}

export interface Runtime {
  /** Loads a program (verifies it, links and compiles its wasm kernels, runs its initializer). */
  load(source: ProgramSource): Promise<Program>;
  /** Describes a program without running it (also programs this build cannot run). */
  inspect(source: ProgramSource): Promise<string>;
  /** Which threads run workgroups and why. */
  info(): Promise<RuntimeInfo>;
  /** Stops the runtime's worker (no-op in this thread); pending calls reject. */
  close(): Promise<void>;
}

export interface CreateOptions {
  /** Run the runtime in a Worker / worker_thread (default true) or in this thread. */
  worker?: boolean;
  /**
   * Threads that run each dispatch's workgroups, the runtime's own included (1 to 64; default
   * `navigator.hardwareConcurrency`, or `os.availableParallelism()` in Node). The others are
   * Workers sharing the runtime's memory. Browsers need a cross-origin-isolated page for them,
   * and a runtime on a page's main thread (`worker: false`) cannot wait for them: Weft then runs
   * on one thread and says why in `info()` and once in the console. A second runtime in the
   * same thread shares the first one's threads.
   */
  threads?: number;
  /** Maximum of the runtime's shared memory, in 64 KiB pages (default 16384 = 1 GiB). */
  maximumMemoryPages?: number;
  /** The runtime module (weft_runtime_bg.wasm) if not at its default location. */
  wasm?: ProgramSource;
  /** The worker script (worker.mjs) if not at its default location. */
  workerUrl?: string | URL;
}

export declare const Weft: {
  create(options?: CreateOptions): Promise<Runtime>;
};
export default Weft;
