// Node's side of what differs between platforms (platform.browser.mjs is the other): reading
// files, worker_threads, the worker's end of its channel, a directory cache and
// thread defaults.

import * as fs from 'node:fs/promises';
import { readSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, parentPort } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createHash } from 'node:crypto';
import { WeftError, readError } from './errors.mjs';

export const name = 'node';

export function defaultThreads() {
  return { threads: availableParallelism(), source: 'os.availableParallelism()' };
}

/** Node shares memory with its workers unconditionally. */
export function isolationProblem() {
  return null;
}

/** A location the caller gave (path, file: or http(s): URL) as an absolute URL string. */
export function absolute(location) {
  const text = String(location);
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^[a-z]:[\\/]/i.test(text)) return text; // a URL (not C:\...)
  return pathToFileURL(path.resolve(text)).href;
}

const CHUNK = 1 << 20;

/** Bytes of the file at `url` (a file: URL), with the progress options of download.mjs. */
/** @param {string} url @param {{onProgress?: Function, signal?: AbortSignal}} [options] */
export async function readFile(url, { onProgress, signal } = {}) {
  const file = fileURLToPath(url);
  let handle;
  try {
    handle = await fs.open(file, 'r');
    const { size } = await handle.stat();
    const bytes = new Uint8Array(size);
    onProgress?.({ loaded: 0, total: size });
    for (let at = 0; at < size;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(bytes, at, Math.min(CHUNK, size - at), at);
      if (bytesRead === 0) throw new WeftError('NETWORK', `cannot read ${file}: it became shorter while being read`);
      at += bytesRead;
      onProgress?.({ loaded: at, total: size });
    }
    return bytes;
  } catch (e) {
    if (signal?.aborted) throw e;
    throw readError(file, e);
  } finally {
    await handle?.close();
  }
}

/** Node reads files synchronously in place (parameters.mjs); URLs and Blobs only asynchronously. */
export const readsSynchronously = true;

/**
 * Parameter file `url` (a file: URL) opened to be read in place (parameters.mjs): {size,
 * read(offset, view) (fills the view or throws), close()}.
 */
export async function openFileReader(url) {
  const file = fileURLToPath(url);
  let handle;
  try {
    handle = await fs.open(file, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: stat.isDirectory() ? 'EISDIR' : 'ENOENT' });
    const { fd } = handle;
    return {
      size: stat.size,
      read(offset, view) {
        for (let done = 0; done < view.byteLength;) {
          let n;
          try {
            n = readSync(fd, view, done, view.byteLength - done, offset + done);
          } catch (e) {
            throw readError(file, e);
          }
          if (n === 0) throw new WeftError('NETWORK', `cannot read ${file}: it became shorter while being read`);
          done += n;
        }
      },
      close: () => handle.close(),
    };
  } catch (e) {
    await handle?.close();
    throw readError(file, e);
  }
}

const here = import.meta.url;

/** Starts the runtime's worker (worker.node.mjs); `base`: the package root's URL, if moved. */
export function startRuntimeWorker(base) {
  return port(new Worker(base ? new URL('glue/js/worker.node.mjs', base) : new URL('worker.node.mjs', here), { name: 'weft' }));
}

/** Starts one pool worker (pool-worker.node.mjs). */
export function startPoolWorker(base, name) {
  return port(new Worker(base ? new URL('glue/js/pool-worker.node.mjs', base) : new URL('pool-worker.node.mjs', here), { name }));
}

/** Starts the GPU worker (gpu/worker.node.mjs). */
export function startGpuWorker(base) {
  return port(new Worker(base ? new URL('glue/js/gpu/worker.node.mjs', base) : new URL('gpu/worker.node.mjs', here), { name: 'weft-gpu' }));
}

function port(worker) {
  return {
    post: (m, t) => worker.postMessage(m, t),
    onMessage: (fn) => worker.on('message', fn),
    onFailure: (fn) => {
      worker.on('error', (e) => fn(new WeftError('RUNTIME_LOST', `a Weft worker failed: ${e?.message ?? e}`, { cause: e })));
      worker.on('exit', (code) => fn(new WeftError('RUNTIME_LOST', `a Weft worker exited (code ${code})`)));
    },
    // An idle worker must not keep Node alive; a busy one must.
    hold: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate: () => worker.terminate(),
  };
}

/**
 * For workers: `released(bytes)` after a program's kernels are dropped; once `threshold` bytes of
 * linked wasm were dropped since the last time, a full garbage collection of this thread's heap.
 * V8 does not count the native memory of wasm instances and compiled code toward a worker's
 * collection pressure, and Weft's workers allocate almost nothing else: without this, every
 * unloaded program's instances stayed until some later collection (measured: RSS +4 KB per
 * load/unload cycle of a small program, +38 MB over 9,000). A collection costs ~30 ms, so it
 * runs per megabytes dropped, not per unload. Node exposes no collector to code without
 * --expose-gc, so the flag is set here and `gc` taken from a fresh context.
 */
export function garbageCollector(threshold = 256 << 10) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  let dropped = 0;
  return (bytes) => {
    dropped += bytes;
    if (dropped < threshold) return;
    dropped = 0;
    gc();
  };
}

/** The worker's end of its channel: {post, onMessage}. */
export function parentChannel() {
  return { post: (m, t) => parentPort.postMessage(m, t), onMessage: (fn) => parentPort.on('message', fn) };
}

/** The default cache directory: $WEFT_CACHE_DIR, else $XDG_CACHE_HOME/weft, else ~/.cache/weft. */
function cacheDirectory() {
  if (process.env.WEFT_CACHE_DIR) return process.env.WEFT_CACHE_DIR;
  return path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'weft');
}

/** A directory store for `cache` options (see source.mjs): `<sha256(key)>.bin` + `.json`. */
export async function openCacheStore(directory = cacheDirectory()) {
  await fs.mkdir(directory, { recursive: true });
  const file = (key) => path.join(directory, createHash('sha256').update(key).digest('hex'));
  return {
    async get(key) {
      try {
        const meta = JSON.parse(await fs.readFile(`${file(key)}.json`, 'utf8'));
        if (meta.key !== key) return null;
        const data = await fs.readFile(`${file(key)}.bin`);
        return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), meta };
      } catch (e) {
        if (e.code === 'ENOENT' || e instanceof SyntaxError) return null;
        throw e;
      }
    },
    async put(key, bytes, meta) {
      // Written aside and renamed, so a reader never sees half a file.
      const f = file(key);
      const tmp = `${f}.${process.pid}.${Date.now()}.tmp`;
      await fs.writeFile(tmp, bytes);
      await fs.rename(tmp, `${f}.bin`);
      await fs.writeFile(`${tmp}j`, JSON.stringify({ ...meta, key }));
      await fs.rename(`${tmp}j`, `${f}.json`);
    },
    async delete(key) {
      await fs.rm(`${file(key)}.json`, { force: true });
      await fs.rm(`${file(key)}.bin`, { force: true });
    },
  };
}
