// External parameter files for `load(program, { parameters })`: programs whose globals are
// `#flow.parameter.named<"scope"::"key">` read them, through the runtime's `io_parameters`
// module, from the files given per scope (as `iree-run-module --parameters=scope=FILE`).
//
// The runtime reads a file synchronously, from inside the program's initializer: first its
// index (a few small reads), then each parameter straight into the HAL buffer it lands in
// (glue/src/parameters.rs calls `readAt(offset, address, length)` with an address in linear
// memory). So a file is opened before the load and read in place where the platform allows
// it: a Node file with `fs.readSync`, a File/Blob in a browser worker with `FileReaderSync`, a
// URL in a browser worker with synchronous range requests (platform.*.mjs). Small reads go
// through a read-ahead cache of blocks, so the index and small parameters cost a few
// requests, not one each; large ones go straight into memory.
//
// Where a source cannot be read synchronously in place, it is read whole once, before the
// initializer runs, and held in memory while the program is loaded (said once through the
// logger): a server that does not honour Range requests, a URL in Node, a Blob in Node, and
// any URL or Blob when the runtime runs on a page's main thread. The main thread can do no
// synchronous reads worth having (no FileReaderSync; synchronous XHR there cannot return
// bytes), and refusing would break pages that chose `worker: false` for small models, so the
// whole file is read up front and the warning points to the worker runtime.

import { WeftError, readError, asWeftError } from './errors.mjs';
import { downloadWithProgress } from './download.mjs';

/** Reads shorter than a block are served from cached blocks of this size. */
const BLOCK = 256 * 1024;
/** Blocks kept per file (least recently used dropped first). */
const BLOCKS_KEPT = 8;
/** Longer reads are split into pieces of at most this size, with progress after each. */
const PIECE = 8 * 1024 * 1024;

/** The formats the runtime reads, by the first bytes of a file (for sources without a name). */
function formatOf(head) {
  const text = String.fromCharCode(...head.subarray(0, 4));
  if (text === 'IRPA') return 'irpa';
  if (text === 'GGUF') return 'gguf';
  // safetensors: a u64 header length, then the JSON header.
  if (head.length > 8 && head[8] === 0x7b && head[6] === 0 && head[7] === 0) return 'safetensors';
  return null;
}

function describeScope(scope) {
  return scope === '' ? 'the unnamed scope' : `scope '${scope}'`;
}

const isBytes = (x) => x instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && x instanceof SharedArrayBuffer) || ArrayBuffer.isView(x);
const isBlob = (x) => typeof Blob !== 'undefined' && x instanceof Blob;
const isLocation = (x) => typeof x === 'string' || x instanceof URL;

/** A location without its query and fragment (the name messages show and the format comes from). */
function locationName(location) {
  const text = String(location);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text) || /^[a-z]:[\\/]/i.test(text)) return text; // a path
  const url = new URL(text);
  return url.origin === 'null' ? `${url.protocol}${url.pathname}` : `${url.origin}${url.pathname}`;
}

/**
 * The `parameters` load option ({scope: source | {source, name} | [...]}) as a checked list of
 * {scope, source, name}; `name` is the one given, a File's, or the location's, else undefined.
 */
export function parameterList(option) {
  if (option === undefined) return [];
  const shape = "parameters must be an object {scope: source or [sources]} (the unnamed scope is ''; a source is a URL, a path in Node, a File/Blob, bytes, or {source, name})";
  if (option === null || typeof option !== 'object' || Array.isArray(option)) throw new WeftError('BAD_ARGUMENT', shape);
  const list = [];
  for (const [scope, value] of Object.entries(option)) {
    const entries = Array.isArray(value) ? value : [value];
    if (entries.length === 0) throw new WeftError('BAD_ARGUMENT', `parameters['${scope}'] is an empty list; give at least one file for ${describeScope(scope)}`);
    for (const entry of entries) {
      const named = entry !== null && typeof entry === 'object' && !isBytes(entry) && !isBlob(entry) && !(entry instanceof URL);
      const { source, name } = named ? entry : { source: entry, name: undefined };
      if (!isLocation(source) && !isBlob(source) && !isBytes(source)) {
        throw new WeftError('BAD_ARGUMENT', `a parameter file for ${describeScope(scope)} must be a URL, a path (Node), a File/Blob, bytes or {source, name}; got ${source === null ? 'null' : typeof source}`);
      }
      if (name !== undefined && (typeof name !== 'string' || name === '')) throw new WeftError('BAD_ARGUMENT', `the name of a parameter file for ${describeScope(scope)} must be a non-empty string`);
      const fileName = isBlob(source) && typeof source.name === 'string' && source.name ? source.name : undefined;
      list.push({ scope, source, name: name ?? fileName ?? (isLocation(source) ? locationName(source) : undefined) });
    }
  }
  return list;
}

/**
 * The `parameters` option made ready to post to the runtime's worker: locations absolute,
 * bytes copied into buffers to transfer (the caller's stay intact), Blobs as they are (they
 * are posted without copying their bytes). Returns {parameters, transfer}.
 */
export function parametersForWorker(platform, option) {
  const parameters = {};
  const transfer = [];
  for (const { scope, source, name } of parameterList(option)) {
    let posted = source;
    if (isLocation(source)) posted = platform.absolute(source);
    else if (isBytes(source)) {
      const view = ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : new Uint8Array(source);
      posted = view.slice().buffer;
      transfer.push(posted);
    }
    (parameters[scope] ??= []).push({ source: posted, name });
  }
  return { parameters, transfer };
}

/** The load's progress in the 'parameters' stage: bytes read from the sources so far, of a total. */
class Progress {
  loaded = 0;
  total = 0;
  #onProgress;

  constructor(onProgress) {
    this.#onProgress = onProgress;
  }

  add(bytes) {
    this.loaded += bytes;
    this.report();
  }

  /** The total grows when more was read than expected (a parameter read twice). */
  report() {
    this.total = Math.max(this.total, this.loaded);
    this.#onProgress?.({ stage: 'parameters', loaded: this.loaded, total: this.total });
  }

  /** The last report: everything that was going to be read has been. */
  finish() {
    if (this.total !== this.loaded) {
      this.total = this.loaded;
      this.report();
    }
  }
}

/** A reader over bytes held in memory. */
function memoryReader(bytes) {
  return { size: bytes.byteLength, read: (offset, view) => view.set(bytes.subarray(offset, offset + view.byteLength)) };
}

/** Small reads from whole cached blocks of `reader`; `requests` counts the reader's reads. */
class BlockCache {
  #reader;
  #blocks = new Map(); // block index -> bytes, least recently used first
  requests = 0;

  constructor(reader) {
    this.#reader = reader;
  }

  get size() {
    return this.#reader.size;
  }

  read(offset, view) {
    if (view.byteLength >= BLOCK) {
      this.requests++;
      return this.#reader.read(offset, view);
    }
    for (let done = 0; done < view.byteLength;) {
      const at = offset + done;
      const block = this.#block(Math.floor(at / BLOCK));
      const start = at % BLOCK;
      const n = Math.min(view.byteLength - done, block.byteLength - start);
      view.set(block.subarray(start, start + n), done);
      done += n;
    }
  }

  #block(index) {
    let block = this.#blocks.get(index);
    if (block) {
      this.#blocks.delete(index);
    } else {
      const start = index * BLOCK;
      block = new Uint8Array(Math.min(BLOCK, this.#reader.size - start));
      this.requests++;
      this.#reader.read(start, block);
      if (this.#blocks.size >= BLOCKS_KEPT) this.#blocks.delete(this.#blocks.keys().next().value);
    }
    this.#blocks.set(index, block);
    return block;
  }

  /** Frees the cached blocks (the load is over). */
  clear() {
    this.#blocks.clear();
  }

  close() {
    this.clear();
    return this.#reader.close?.();
  }
}

/**
 * One parameter file as the runtime reads it (glue/src/parameters.rs `JsParameterFile`):
 * `size()` and `readAt(offset, address, length)`, which fills linear memory and never throws
 * into the runtime (it returns why it failed, and keeps the error in `failure`).
 */
export class ParameterFile {
  #source;
  #memory;
  #progress;
  /** Whether reads count as progress (bytes fetched while the program loads). */
  #counting = false;
  /** The WeftError of the last failed read, for the code of the load's error. */
  failure = null;

  /** `source`: a reader or BlockCache; `counted`: its reads fetch bytes (in place), not copy held ones. */
  constructor(scope, name, source, { memory, progress, counted }) {
    this.scope = scope;
    this.name = name;
    this.#source = source;
    this.#memory = memory;
    this.#progress = progress;
    this.counted = counted;
  }

  size() {
    return this.#source.size;
  }

  /** Reads of the runtime after the file is indexed count as the initializer's parameter reads. */
  startCounting() {
    this.#counting = this.counted;
  }

  /** Reads the file's reader made (requests, for a URL). */
  get requests() {
    return this.#source.requests ?? 0;
  }

  readAt(offset, address, length) {
    try {
      if (offset + length > this.size()) throw new WeftError('INVALID_PROGRAM', `${length} bytes at offset ${offset} run past the end of the file (${this.size()} bytes)`);
      for (let done = 0; done < length;) {
        const n = Math.min(PIECE, length - done);
        // A fresh view each time: memory may have grown (a new buffer) since.
        this.#source.read(offset + done, new Uint8Array(this.#memory.buffer, address + done, n));
        done += n;
        if (this.#counting) this.#progress.add(n);
      }
      return undefined;
    } catch (e) {
      this.failure = asWeftError(e, 'NETWORK');
      return this.failure.message;
    }
  }

  /** Drops what the load cached; the file stays readable. */
  trim() {
    this.#source.clear?.();
  }

  close() {
    return this.#source.close?.();
  }
}

// Reads a source whole (it cannot be read in place here) and says so once.
async function readWhole(what, read, log, why) {
  const bytes = await read();
  log.warn(`${what}: ${why}, so the whole file (${bytes.byteLength} bytes) was read into memory and is held there while the program is loaded`);
  return memoryReader(bytes);
}

// Opens URL `url`: probes it with a one-byte range request; a 206 answer gives the size and
// says ranges work, any other successful answer is the whole file.
async function openUrl(platform, url, name, { signal, log, progress }) {
  let response;
  try {
    response = await fetch(url, { headers: { Range: 'bytes=0-0' }, signal });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw readError(url, e.cause ?? e);
  }
  const downloaded = (r) => {
    const before = progress.loaded;
    return downloadWithProgress(r, url, { onProgress: ({ loaded }) => { progress.loaded = before + loaded; progress.report(); } });
  };
  if (response.status !== 206) {
    return { reader: await readWhole(name, () => downloaded(response), log, 'the server does not honour Range requests (it answered a request for byte 0 with the whole file)'), counted: false };
  }
  const size = Number(/\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '')?.[1]);
  await response.body?.cancel();
  if (!Number.isSafeInteger(size)) {
    return { reader: await readWhole(name, async () => downloaded(await fetch(url, { signal })), log, 'the server does not say its size (Content-Range)'), counted: false };
  }
  if (!platform.readsSynchronously || !platform.rangeReader) {
    const why = platform.name === 'node' ? 'Node reads URLs only asynchronously' : "a runtime on the page's main thread cannot read URLs synchronously (a runtime in a worker, the default, reads only the parameters' bytes)";
    return { reader: await readWhole(name, async () => downloaded(await fetch(url, { signal })), log, why), counted: false };
  }
  return { reader: new BlockCache(platform.rangeReader(url, size)), counted: true };
}

// Opens one source; returns {reader, counted}.
async function openSource(platform, { source }, name, context) {
  if (isLocation(source)) {
    const url = platform.absolute(source);
    if (url.startsWith('file:')) {
      if (!platform.openFileReader) throw new WeftError('UNSUPPORTED', `cannot read ${url}: file: URLs are read only in Node`);
      return { reader: new BlockCache(await platform.openFileReader(url)), counted: true };
    }
    return openUrl(platform, url, name, context);
  }
  if (isBlob(source)) {
    if (platform.readsSynchronously && platform.blobReader) return { reader: new BlockCache(platform.blobReader(source)), counted: true };
    const why = platform.name === 'node' ? 'Node reads Blobs only asynchronously' : "a runtime on the page's main thread cannot read a File or Blob synchronously (a runtime in a worker, the default, reads only the parameters' bytes)";
    return { reader: await readWhole(name, async () => new Uint8Array(await source.arrayBuffer()), context.log, why), counted: false };
  }
  const bytes = ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : new Uint8Array(source);
  return { reader: memoryReader(bytes), counted: false };
}

// A name for a source that has none (bytes, a Blob that is not a File), from its first bytes:
// the runtime picks the format by the name's extension.
async function nameFromContent({ scope, source }) {
  const head = isBlob(source) ? new Uint8Array(await source.slice(0, 16).arrayBuffer()) : ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, Math.min(16, source.byteLength)) : new Uint8Array(source, 0, Math.min(16, source.byteLength));
  const kind = isBlob(source) ? 'Blob' : 'bytes';
  const format = formatOf(head);
  if (!format) {
    throw new WeftError('BAD_ARGUMENT', `cannot tell the format of the ${kind} given for ${describeScope(scope)}: they do not start like an IREE parameter archive, a GGUF or a safetensors file; name the file with {source, name: 'weights.irpa'}`);
  }
  return `the ${kind} given for ${describeScope(scope)}, read as .${format}`;
}

/**
 * Opens every file of `list` (parameterList) for the runtime to read while the program loads:
 * URLs probed, whole files read where a source cannot be read in place. `context`: {memory
 * (the runtime's WebAssembly.Memory), log, signal, onProgress}. Returns {files, progress}.
 */
export async function openParameterFiles(platform, list, { memory, log, signal, onProgress }) {
  const progress = new Progress(onProgress);
  const files = [];
  try {
    for (const entry of list) {
      const name = entry.name ?? (await nameFromContent(entry));
      const { reader, counted } = await openSource(platform, entry, name, { signal, log, progress });
      files.push(new ParameterFile(entry.scope, name, reader, { memory, progress, counted }));
      signal?.throwIfAborted();
    }
  } catch (e) {
    await Promise.all(files.map((f) => f.close()));
    throw e;
  }
  return { files, progress };
}

/**
 * Indexes `files` into pending program `id` (`add(scope, name, file)` is the runtime's
 * `add_parameters`, returning the bytes the file's parameters store) and reports the total
 * the initializer is expected to read.
 */
export function indexParameterFiles({ files, progress }, add) {
  let expected = 0;
  for (const file of files) {
    const stored = add(file.scope, file.name, file);
    if (file.counted) expected += stored;
  }
  for (const file of files) file.startCounting();
  progress.total = progress.loaded + expected;
  if (files.length) progress.report();
}

/** The error of a load whose parameter read failed: the runtime's message (key and file), the read's code. */
export function withReadFailure(error, files) {
  const failure = files.find((f) => f.failure)?.failure;
  if (!failure || !(error instanceof WeftError) || error.code === 'RUNTIME_LOST') return error;
  const recoded = new WeftError(failure.code, error.message, { cause: failure });
  if (failure.syscallCode) recoded.syscallCode = failure.syscallCode;
  return recoded;
}
