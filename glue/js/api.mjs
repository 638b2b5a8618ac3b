// The `Weft` object both entry points export (weft.mjs for browsers, weft.node.mjs for Node),
// made for their platform, and the tensor helpers.

import { WorkerRuntime } from './proxy.mjs';
import { WeftError } from './errors.mjs';
import { TYPED_ARRAYS } from './values.mjs';

const CREATE_OPTIONS = new Set(['worker', 'threads', 'maximumMemoryPages', 'wasm', 'base', 'cache', 'logLevel', 'timeoutMs']);

/** The Weft object for `platform` (platform.browser.mjs or platform.node.mjs, plus startRuntimeWorker). */
export function createWeft(platform) {
  return Object.freeze({
    /**
     * Starts a runtime: in a worker (default) or, with `worker: false`, in this thread.
     * @param {import('./weft.js').CreateOptions} [options]
     * @returns {Promise<import('./weft.js').Runtime>}
     */
    async create(options = {}) {
      if (options === null || typeof options !== 'object') throw new WeftError('BAD_ARGUMENT', 'Weft.create takes an options object');
      const unknown = Object.keys(options).filter((k) => !CREATE_OPTIONS.has(k));
      if (unknown.length) throw new WeftError('BAD_ARGUMENT', `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (Weft.create takes ${[...CREATE_OPTIONS].join(', ')})`);
      if (options.worker !== false) return WorkerRuntime.create(options, platform);
      // Loaded only when asked for: a page whose runtime runs in a worker never downloads it.
      const { Runtime } = await import('./runtime.mjs');
      return Runtime.create(options, platform);
    },
  });
}

/** A tensor argument: `data` defaults to zeros of the dtype's typed array. */
export function tensor(dtype, shape, data) {
  const T = Object.hasOwn(TYPED_ARRAYS, dtype) ? TYPED_ARRAYS[dtype] : undefined;
  if (!T) throw new WeftError('BAD_ARGUMENT', `unknown dtype '${dtype}' (known: ${Object.keys(TYPED_ARRAYS).join(', ')})`);
  const count = shape.reduce((n, d) => n * d, 1);
  const values = data ?? new T(count);
  if (values.length !== count) throw new WeftError('BAD_ARGUMENT', `a ${shape.join('x')}x${dtype} tensor has ${count} elements, ${values.length} given`);
  return { dtype, shape: [...shape], data: values instanceof T ? values : T.from(values) };
}

/** Whether a call result (or argument) is a tensor rather than a scalar. */
export function isTensor(value) {
  return value !== null && typeof value === 'object' && 'dtype' in value && 'shape' in value && ArrayBuffer.isView(value.data);
}
