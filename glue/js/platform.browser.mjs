// The browser's side of what differs between platforms (platform.node.mjs is the other):
// resolving locations, starting pool workers, the cache and thread defaults. Nothing here
// imports a `node:` module, so bundlers and plain pages can load it as it is. (The runtime's
// own worker is started by weft.mjs, the one module that names worker.mjs.)

import { startWorker } from './browser-workers.mjs';

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

/** Starts one pool worker (pool-worker.mjs); `base`: the package root's URL, if moved. */
export function startPoolWorker(base, name) {
  return startWorker(base, 'pool-worker.mjs', name, () => new Worker(new URL('./pool-worker.mjs', import.meta.url), { type: 'module', name }));
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
