// The browser's side of what differs between platforms (platform.node.mjs is the other):
// resolving locations, starting pool workers, the cache and thread defaults. Nothing here
// imports a `node:` module, so bundlers and plain pages can load it as it is. (The runtime's
// own worker is started by weft.mjs, the one module that names worker.mjs.)

import { startWorker } from './browser-workers.mjs';
import { WeftError } from './errors.mjs';

export const name = 'browser';

/** Threads to use when the caller does not say, and where that number comes from. */
export function defaultThreads() {
  return { threads: navigator.hardwareConcurrency || 1, source: 'navigator.hardwareConcurrency' };
}

/** Why this page cannot share memory with workers, or null when it can. */
export function isolationProblem() {
  if (globalThis.crossOriginIsolated === true) return null;
  return 'the page is not cross-origin isolated, so its memory cannot be shared with workers (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)';
}

/** A location the caller gave (URL or relative URL) as an absolute URL string. */
export function absolute(location) {
  const here = globalThis.location?.href;
  return here ? new URL(String(location), here).href : String(location);
}

/**
 * Whether this thread can read Files/Blobs and URLs synchronously (parameters.mjs): workers
 * can (FileReaderSync, synchronous XHR with an ArrayBuffer response); a page's main thread
 * cannot.
 */
// (FileReaderSync exists only in workers, so the DOM's types do not name it.)
const FileReaderSyncClass = /** @type {any} */ (globalThis).FileReaderSync;
export const readsSynchronously = typeof FileReaderSyncClass === 'function';

/** A File/Blob read in place, a slice per read (workers only): {size, read(offset, view)}. */
export function blobReader(blob) {
  const reader = new FileReaderSyncClass();
  return {
    size: blob.size,
    read(offset, view) {
      view.set(new Uint8Array(reader.readAsArrayBuffer(blob.slice(offset, offset + view.byteLength))));
    },
  };
}

/**
 * URL `url` of `size` bytes read in place, a synchronous range request per read (workers
 * only; the server honours ranges, as a probe found): {size, read(offset, view)}.
 */
export function rangeReader(url, size) {
  return {
    size,
    read(offset, view) {
      const last = offset + view.byteLength - 1;
      const what = `bytes ${offset}-${last} of ${url}`;
      const xhr = new XMLHttpRequest();
      xhr.open('GET', url, false);
      xhr.responseType = 'arraybuffer';
      xhr.setRequestHeader('Range', `bytes=${offset}-${last}`);
      try {
        xhr.send();
      } catch (e) {
        throw new WeftError('NETWORK', `cannot read ${what}: ${e.message}`, { cause: e });
      }
      if (xhr.status !== 206) {
        const code = xhr.status === 404 || xhr.status === 410 ? 'NOT_FOUND' : 'NETWORK';
        const hint = xhr.status === 200 ? ' (the server no longer honours Range requests)' : '';
        throw new WeftError(code, `cannot read ${what}: HTTP ${xhr.status} ${xhr.statusText}${hint}`.trim());
      }
      const body = new Uint8Array(xhr.response);
      if (body.byteLength !== view.byteLength) throw new WeftError('NETWORK', `cannot read ${what}: ${body.byteLength} bytes came back`);
      view.set(body);
    },
  };
}

/** Starts one pool worker (pool-worker.mjs); `base`: the package root's URL, if moved. */
export function startPoolWorker(base, name) {
  return startWorker(base, 'pool-worker.mjs', name, () => new Worker(new URL('./pool-worker.mjs', import.meta.url), { type: 'module', name }));
}

/** Starts the GPU worker (gpu/worker.mjs). */
export function startGpuWorker(base) {
  return startWorker(base, 'gpu/worker.mjs', 'weft-gpu', () => new Worker(new URL('./gpu/worker.mjs', import.meta.url), { type: 'module', name: 'weft-gpu' }));
}

/** The Cache API store for `cache` options (see source.mjs), or null where there is none. */
export async function openCacheStore() {
  if (typeof caches === 'undefined') return null; // not a secure context
  const cache = await caches.open('weft-v1');
  return {
    async get(key) {
      const hit = await cache.match(key);
      if (!hit) return null;
      return { bytes: new Uint8Array(await hit.arrayBuffer()), meta: JSON.parse(hit.headers.get('x-weft-meta') ?? '{}') };
    },
    async put(key, bytes, meta) {
      await cache.put(key, new Response(bytes, { headers: { 'content-type': 'application/octet-stream', 'x-weft-meta': JSON.stringify(meta) } }));
    },
    async delete(key) {
      await cache.delete(key);
    },
  };
}
