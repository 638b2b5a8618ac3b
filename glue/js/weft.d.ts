// Public API of Weft (weft.mjs for browsers and bundlers, weft.node.mjs for Node: the same API).
// Written without DOM or Node types, so it type-checks with `lib: ["es2022"]` alone.

/** Element types of tensors, as IREE names them (`si*` are the explicitly signed spellings). */
export type DType =
  | 'f16' | 'f32' | 'f64' | 'bf16' | 'i1'
  | 'i8' | 'i16' | 'i32' | 'i64'
  | 'si8' | 'si16' | 'si32' | 'si64'
  | 'ui8' | 'ui16' | 'ui32' | 'ui64';

/** The typed array holding a tensor's elements, per dtype (f16/bf16 as raw bits, i1 as bytes). */
export interface TypedArrayOf {
  f16: Uint16Array; f32: Float32Array; f64: Float64Array; bf16: Uint16Array; i1: Uint8Array;
  i8: Int8Array; i16: Int16Array; i32: Int32Array; i64: BigInt64Array;
  si8: Int8Array; si16: Int16Array; si32: Int32Array; si64: BigInt64Array;
  ui8: Uint8Array; ui16: Uint16Array; ui32: Uint32Array; ui64: BigUint64Array;
}

/** A dense row-major tensor argument or result; `data` must be its dtype's typed array. */
export interface Tensor<D extends DType = DType> {
  dtype: D;
  shape: number[];
  data: TypedArrayOf[D];
}

/** A scalar argument or result: i32/f32/f64 as number, i64 as bigint. */
export type Scalar = number | bigint;

/** What a call returns per result: a scalar, a tensor, null, or an object reference by type name. */
export type Value = Scalar | Tensor | null | { type: string };

/** A tensor argument (`data` defaults to zeros); throws BAD_ARGUMENT on a wrong element count. */
export declare function tensor<D extends DType>(dtype: D, shape: number[], data?: TypedArrayOf[D] | ArrayLike<number | bigint>): Tensor<D>;

/** Whether a call result is a tensor (narrows `Value`). */
export declare function isTensor(value: unknown): value is Tensor;

/** Every WeftError code and what it means. */
export type ErrorCode =
  | 'INVALID_PROGRAM' // the bytes are not a program Weft can read (malformed, failing verification, executables that do not link)
  | 'UNSUPPORTED_VERSION' // compiled by another IREE release than the one Weft reads (3.13.0)
  | 'UNSUPPORTED' // a valid program that needs something this runtime or engine does not provide
  | 'NOT_FOUND' // a function, file, URL or parameter that does not exist
  | 'BAD_ARGUMENT' // arguments or options that do not fit
  | 'OUT_OF_MEMORY' // more memory than the runtime may use
  | 'KERNEL_TRAP' // a compiled kernel trapped (out-of-bounds access, division by zero, ...)
  | 'PROGRAM_FAILED' // the program itself failed (vm.fail, a failed check, a VM trap)
  | 'UNLOADED' // the program was unloaded
  | 'NETWORK' // a download failed
  | 'TIMEOUT' // a request did not finish within its timeoutMs
  | 'ABORTED' // a request's AbortSignal fired
  | 'RUNTIME_LOST' // the runtime stopped (timeout, abort, crash or close); programs loaded in it are gone
  | 'INTERNAL'; // a defect in Weft (please report it)

/** Every failure of the API; the same on the direct path and through the worker. */
export declare class WeftError extends Error {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown });
  readonly name: 'WeftError';
  readonly code: ErrorCode;
  /** For a failed file read in Node: the system's code (ENOENT, EACCES, ...). */
  syscallCode?: string;
}

/** ErrorCode -> what it means. */
export declare const ERROR_CODES: Readonly<Record<ErrorCode, string>>;

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
  /** A self-checking test (no arguments, no results): the functions `weft test` runs. */
  test: boolean;
  args: Parameter[];
  results: Parameter[];
}

/** Bytes in any of the forms a File, Blob or fetch Response has (structural, no DOM types needed). */
export interface BlobLike {
  readonly size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}
export interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly url: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}
/** An AbortSignal (structural). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
/** A URL object (structural). */
export interface URLLike {
  readonly href: string;
}

/** What `load` accepts: a URL or path (Node), bytes, a File/Blob or a fetch Response. */
export type ProgramSource = string | URLLike | ArrayBuffer | ArrayBufferView | BlobLike | ResponseLike;

/**
 * A load's progress, reported once per stage in this order: download (repeatedly, as bytes
 * arrive), verify, link, compile, initialize, parameters (repeatedly, as parameter bytes are
 * read; only when the load has `parameters`: the program's initializer reads them).
 */
export interface LoadProgress {
  stage: 'download' | 'verify' | 'link' | 'compile' | 'initialize' | 'parameters';
  /**
   * Bytes received so far (download), or read from the parameter files so far (parameters:
   * files read whole count as they download, files read in place as the initializer reads
   * each parameter; bytes given in memory count nothing). Only grows; the last report of
   * the stage has `loaded === total`.
   */
  loaded?: number;
  /**
   * The file's size, when the server said it (download); the bytes the parameter stage is
   * expected to read (parameters: the files read whole, plus what the others' parameters
   * store; set to `loaded` at the end when the program read less).
   */
  total?: number;
  /** The bytes came from the cache (download). */
  cached?: boolean;
}

/**
 * The opt-in cache of downloaded files (the runtime module, kernel module and programs fetched
 * by URL): the Cache API in browsers, a directory in Node ($WEFT_CACHE_DIR, else
 * $XDG_CACHE_HOME/weft or ~/.cache/weft). `true`/'reuse': a stored file is used without any
 * request (use versioned URLs to update); 'revalidate': a conditional request (ETag) decides;
 * false/'none' (default): no cache. Stored files are checked against their SHA-256.
 */
export type CacheMode = boolean | 'none' | 'reuse' | 'revalidate';

/** Per-request options: a deadline and a way to give up. */
export interface RequestOptions {
  /**
   * Milliseconds the request may take (default: the runtime's `timeoutMs`, else none). In a
   * worker runtime an expired request stops the worker: it rejects with TIMEOUT, every other
   * pending request with RUNTIME_LOST, programs loaded in it become stale, and the next request
   * starts a fresh worker. A runtime in this thread (`worker: false`) cannot be interrupted: it
   * checks the deadline between steps and before a call starts.
   */
  timeoutMs?: number;
  /** Aborts the request (ABORTED), with the same consequences as a timeout. */
  signal?: AbortSignalLike;
}

/**
 * One parameter file: a URL (http(s), relative to the page), a path or file: URL (Node), a
 * File/Blob or bytes; `{source, name}` names it (the name's extension, `.irpa`, `.safetensors`
 * or `.gguf`, says its format, and messages show it). Without a name: a URL's or path's, a
 * File's own; bytes and Blobs are recognised by their first bytes.
 */
export type ParameterSource = string | URLLike | BlobLike | ArrayBuffer | ArrayBufferView | { source: string | URLLike | BlobLike | ArrayBuffer | ArrayBufferView; name?: string };

/**
 * Parameter files by scope, as `iree-run-module --parameters=scope=FILE` gives them: the
 * program's `#flow.parameter.named<"scope"::"key">` globals are read from the files of their
 * scope (`''`: parameters named without a scope); several files for one scope as an array (a
 * key resolves to the first file that has it).
 */
export type ParameterSources = Record<string, ParameterSource | ParameterSource[]>;

export interface LoadOptions extends RequestOptions {
  /** Called as the load goes on (see LoadProgress). */
  onProgress?: (progress: LoadProgress) => void;
  /**
   * The program's parameter files. Each file's index is read when the load opens it and each
   * parameter straight into the runtime's memory as the program's initializer asks for it:
   * in a worker runtime (the default) only those bytes are read, in place (Node files,
   * Files/Blobs; URLs with HTTP range requests, probed first). Read whole into memory instead,
   * and said once as a warning: a URL whose server does not honour Range requests, a URL or
   * Blob in Node, and any URL or File/Blob when the runtime runs on a page's main thread.
   * Errors: a scope or key that no file has NOT_FOUND, a parameter smaller than the program
   * reads BAD_ARGUMENT, a file that is not of its format or cut short INVALID_PROGRAM, a file
   * or URL that cannot be read NOT_FOUND or NETWORK; each message names the key and the file.
   */
  parameters?: ParameterSources;
  /** Overrides the runtime's `cache` for this load. */
  cache?: CacheMode;
  /**
   * Where the program's executables run. 'webgpu': on the GPU, through WebGPU (the program
   * must be compiled with `--iree-hal-target-device=vulkan` or `vulkan,local`; in Node the
   * optional `webgpu` package; a runtime on a page's main thread cannot: UNSUPPORTED).
   * 'cpu': on the CPU. 'auto' (the default): the GPU when the program has executables for it
   * and WebGPU has an adapter, else the CPU.
   */
  device?: Device;
}

export type Device = 'auto' | 'webgpu' | 'cpu';

/** A WebGPU adapter, as its GPUAdapterInfo names it. */
export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
}

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
  /** Where its executables run. */
  readonly device: 'webgpu' | 'cpu';
  /** The WebGPU adapter it runs on, or null on the CPU. */
  readonly adapter: AdapterInfo | null;
  /**
   * Calls an exported function. Numbers and booleans convert to the parameter's scalar type
   * when they do so exactly (integers in range for i32/i64; any number for f32, rounded to
   * nearest, and f64); bigints to i32 (in range) or i64. Tensor bytes are copied once, into
   * the runtime's memory; each result tensor is copied out once into its own ArrayBuffer.
   * `R` types the results for callers who know them, e.g.
   * `call<[Tensor<'f32'>]>('fc', [x])`. Rejects with a WeftError.
   */
  call<R extends Value[] = Value[]>(name: string, args?: Array<Scalar | boolean | Tensor>, options?: RequestOptions): Promise<R>;
  /**
   * Calls with iree-run-module `--input` texts (or `{npy}`: a .npy file's bytes), parsed once,
   * `iterations` times (a whole number from 1, else BAD_ARGUMENT); the last results as text and
   * the time of the calls alone.
   */
  callText(name: string, inputs?: Array<string | { npy: Uint8Array }>, options?: RequestOptions & { seed?: boolean; iterations?: number }): Promise<TextCallResult>;
  /** Text description (module, functions and signatures, executables). */
  inspect(options?: RequestOptions): Promise<string>;
  /** Frees the program; later calls reject with UNLOADED. Unloading twice is harmless. */
  unload(): Promise<void>;
}

/** What `Runtime.info` reports. */
export interface RuntimeInfo {
  /** Threads that run a dispatch's workgroups, the runtime's own thread included. */
  threads: number;
  /**
   * How many and why, e.g. `2 threads: navigator.hardwareConcurrency`, or `1 thread: the page
   * is not cross-origin isolated, ...` when the environment allows no pool (also logged once).
   */
  threading: string;
  /** Whether the runtime runs in a worker. */
  worker: boolean;
  /**
   * A runtime in a worker: how calls reach it, `call lane (shared memory)`, or `messages: <why>`
   * when the caller cannot share memory with the worker (a page that is not cross-origin
   * isolated).
   */
  calls?: string;
  /** How often the worker was restarted after a timeout, an abort or a crash. */
  restarts: number;
  /** Why the last restart happened (null when there was none). */
  lastRestart?: string | null;
  /** The WebGPU adapter GPU programs run on, once one has started it; null before. */
  gpu: AdapterInfo | null;
}

export interface Runtime {
  /** Loads a program (verifies it, links and compiles its wasm kernels, runs its initializer). */
  load(source: ProgramSource, options?: LoadOptions): Promise<Program>;
  /** Describes a program without running it (also programs this build cannot run). */
  inspect(source: ProgramSource, options?: RequestOptions): Promise<string>;
  /** Which threads run workgroups and why, and how often the worker restarted. */
  info(): Promise<RuntimeInfo>;
  /** Stops the runtime (a worker is terminated; in this thread its programs are unloaded); every later request rejects with RUNTIME_LOST. */
  close(): Promise<void>;
}

export interface CreateOptions {
  /**
   * Run the runtime in a Worker / worker_thread (default true) or in this thread. Runtimes in
   * one thread share one instance of the runtime module; once it is lost (RUNTIME_LOST), the
   * next runtime created in that thread starts a fresh instance on a new memory.
   */
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
  /**
   * Where this package's files are served from, when not beside the module that imported Weft
   * (e.g. `https://cdn.example/weft-runtime@0.2.0/`): the runtime and kernel modules and both
   * worker scripts are then loaded from there (`glue/pkg/...`, `glue/js/...`). Cross-origin
   * workers start through a same-origin blob.
   */
  base?: string | URLLike;
  /** The opt-in cache of downloaded files (see CacheMode). */
  cache?: CacheMode;
  /** Console messages Weft prints (default 'warn'). */
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** Default deadline of every request, in milliseconds (see RequestOptions). */
  timeoutMs?: number;
}

export declare const Weft: {
  create(options?: CreateOptions): Promise<Runtime>;
};
export default Weft;
