// Reading a fetch Response's body with progress, on every platform that has fetch.

import { WeftError } from './errors.mjs';

/**
 * The body of `response` (fetched from `url`) as bytes. `onProgress({loaded, total})` after
 * each chunk (`total`: the Content-Length, or undefined when the server sent none; `loaded`
 * only grows; the last report has `loaded === total`, the body's size).
 */
/**
 * @param {Response} response
 * @param {string} url
 * @param {{onProgress?: (p: {loaded: number, total?: number}) => void}} [options]
 */
export async function downloadWithProgress(response, url, { onProgress } = {}) {
  if (!response.ok) {
    const code = response.status === 404 || response.status === 410 ? 'NOT_FOUND' : 'NETWORK';
    throw new WeftError(code, `cannot fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  const header = Number(response.headers.get('content-length'));
  // A compressed response's Content-Length counts compressed bytes: no usable total then.
  const total = Number.isSafeInteger(header) && header > 0 && !response.headers.get('content-encoding') ? header : undefined;
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress?.({ loaded: bytes.byteLength, total: bytes.byteLength });
    return bytes;
  }
  const reader = response.body.getReader();
  let buffer = new Uint8Array(total ?? 1 << 16);
  let loaded = 0;
  onProgress?.({ loaded: 0, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.byteLength > buffer.byteLength) {
      const grown = new Uint8Array(Math.max(buffer.byteLength * 2, loaded + value.byteLength));
      grown.set(buffer.subarray(0, loaded));
      buffer = grown;
    }
    buffer.set(value, loaded);
    loaded += value.byteLength;
    onProgress?.({ loaded, total });
  }
  if (total !== loaded) onProgress?.({ loaded, total: loaded }); // the size is known now
  return loaded === buffer.byteLength ? buffer : buffer.slice(0, loaded);
}
