// What `load` accepts, turned into bytes: URLs and paths (fetched or read with progress, through
// the opt-in cache), bytes, Blobs/Files and fetch Responses.
//
// The cache (`cache: true` or 'reuse'; 'revalidate'; default off) keeps downloaded files in
// the Cache API (browsers) or a directory (Node, platform.node.mjs), keyed by URL, with their
// ETag and SHA-256. 'reuse' serves a stored file without any request (so a reload of a page
// downloads nothing; use versioned URLs to update); 'revalidate' asks the server with
// If-None-Match and downloads only what changed. A stored file whose hash no longer matches is
// dropped and downloaded again.

import { WeftError, readError } from './errors.mjs';
import { downloadWithProgress } from './download.mjs';

const CACHE_MODES = ['none', 'reuse', 'revalidate'];

/** The cache mode an option value means: true → 'reuse', false/undefined → 'none'. */
export function cacheMode(option) {
  if (option === undefined || option === false) return 'none';
  if (option === true) return 'reuse';
  if (CACHE_MODES.includes(option)) return option;
  throw new WeftError('BAD_ARGUMENT', `cache must be true, false or one of ${CACHE_MODES.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(option)}`);
}

/**
 * Bytes of `source`. `options`: {onProgress({loaded, total}), signal, cache: mode, store: a
 * cache store (platform.openCacheStore()) or null, log}.
 */
export async function readSource(platform, source, options = {}) {
  if (typeof source === 'string' || source instanceof URL) return readLocation(platform, platform.absolute(source), options);
  if (source instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && source instanceof SharedArrayBuffer)) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (typeof Response !== 'undefined' && source instanceof Response) return downloadWithProgress(source, source.url || 'the Response', options);
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const bytes = new Uint8Array(await source.arrayBuffer());
    options.onProgress?.({ loaded: bytes.byteLength, total: bytes.byteLength });
    return bytes;
  }
  throw new WeftError('BAD_ARGUMENT', 'a program source must be a URL or path, an ArrayBuffer, a typed array, a Blob/File or a Response');
}

/** Bytes at absolute URL `url` (file: only in Node). */
export async function readLocation(platform, url, options = {}) {
  if (url.startsWith('file:')) {
    if (!platform.readFile) throw new WeftError('UNSUPPORTED', `cannot read ${url}: file: URLs are read only in Node`);
    return platform.readFile(url, options);
  }
  const mode = options.cache ?? 'none';
  if (mode !== 'none' && /^https?:/i.test(url)) {
    if (options.store) return cachedFetch(url, mode, options);
    options.log?.warn(`cannot cache ${url}: no cache storage here (the Cache API needs a secure context)`);
  }
  return (await fetchBody(url, options)).bytes;
}

/**
 * GETs `url`; {bytes, etag}, or {notModified: true} for a 304.
 * @param {string} url
 * @param {{signal?: AbortSignal, onProgress?: (p: {loaded: number, total?: number}) => void, headers?: Record<string, string>}} options
 * @returns {Promise<{bytes?: Uint8Array, etag?: string, notModified?: boolean}>}
 */
async function fetchBody(url, { signal, onProgress, headers }) {
  let response;
  try {
    response = await fetch(url, { signal, headers });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw readError(url, e.cause ?? e);
  }
  if (response.status === 304) return { notModified: true };
  const bytes = await downloadWithProgress(response, url, { onProgress });
  return { bytes, etag: response.headers.get('etag') };
}

async function sha256(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function cachedFetch(url, mode, options) {
  const { store, log, onProgress } = options;
  let hit = await store.get(url);
  if (hit && (await sha256(hit.bytes)) !== hit.meta.sha256) {
    log?.warn(`the cached copy of ${url} is damaged; downloading it again`);
    await store.delete(url);
    hit = null;
  }
  if (hit && mode === 'reuse') {
    log?.debug(`${url}: from the cache (${hit.bytes.byteLength} bytes)`);
    onProgress?.({ loaded: hit.bytes.byteLength, total: hit.bytes.byteLength, cached: true });
    return hit.bytes;
  }
  const headers = hit?.meta.etag ? { 'If-None-Match': hit.meta.etag } : undefined;
  const got = await fetchBody(url, { ...options, headers });
  if (got.notModified) {
    log?.debug(`${url}: not modified, from the cache`);
    onProgress?.({ loaded: hit.bytes.byteLength, total: hit.bytes.byteLength, cached: true });
    return hit.bytes;
  }
  try {
    await store.put(url, got.bytes, { url, etag: got.etag, sha256: await sha256(got.bytes), size: got.bytes.byteLength });
  } catch (e) {
    log?.warn(`cannot store ${url} in the cache: ${e.message}`); // the download still counts
  }
  return got.bytes;
}
