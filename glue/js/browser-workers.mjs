// Starting and talking to module workers in a browser.
//
// Workers are created with `new Worker(new URL('./x.mjs', import.meta.url), { type: 'module' })`
// written out in the module that starts them (weft.mjs, platform.browser.mjs): the form bundlers
// (Vite, webpack) recognise and emit as a chunk of their own. Browsers refuse `new Worker` on a
// script from another origin (a CDN, or a bundle whose assets are served from one), so that
// expression runs with `Worker` meaning a subclass that starts such a script through a
// same-origin blob importing it. With a `base` (the package's files served from elsewhere) the
// worker starts from there, through the same blob when it is cross-origin.

import { WeftError } from './errors.mjs';

// A URL `new Worker` accepts for the module script at `url`: itself when same-origin, else a
// blob (the page's origin) that imports it (revoked once the worker has said something).
function sameOriginUrl(url) {
  const target = new URL(String(url), self.location.href);
  if (target.origin === self.location.origin) return url;
  return URL.createObjectURL(new Blob([`import ${JSON.stringify(target.href)};\n`], { type: 'text/javascript' }));
}

// Runs `literal` (a `new Worker(...)` expression) with `Worker` meaning NativeWorker adjusted by
// sameOriginUrl: the global is swapped for the synchronous call only.
function crossOriginSafe(literal) {
  const Native = globalThis.Worker;
  globalThis.Worker = class extends Native {
    constructor(url, options) {
      const usable = sameOriginUrl(url);
      super(usable, options);
      if (usable !== url) this.addEventListener('message', () => URL.revokeObjectURL(usable), { once: true });
    }
  };
  try {
    return literal();
  } finally {
    globalThis.Worker = Native;
  }
}

/**
 * Starts worker script `file` and returns the caller's end. `literal()` starts it with the
 * bundler-visible expression; with `base` (the package root's URL) the script is
 * `base/glue/js/<file>` instead.
 */
export function startWorker(base, file, name, literal) {
  if (base) return port(crossOriginSafe(() => new Worker(new URL(`glue/js/${file}`, base), { type: 'module', name })));
  return port(crossOriginSafe(literal));
}

// The caller's end of a worker: {post, onMessage, onFailure, hold, terminate}.
function port(worker) {
  return {
    post: (m, t) => worker.postMessage(m, t),
    onMessage: (fn) => worker.addEventListener('message', (e) => fn(e.data)),
    onFailure: (fn) => {
      worker.addEventListener('error', (e) => {
        e.preventDefault?.();
        fn(new WeftError('RUNTIME_LOST', `a Weft worker failed: ${e.message || 'its script could not be loaded or threw (see the console)'}`));
      });
      worker.addEventListener('messageerror', () => fn(new WeftError('RUNTIME_LOST', 'a Weft worker sent a message that could not be read')));
    },
    hold: () => {}, // a page stays alive regardless
    terminate: () => worker.terminate(),
  };
}

/** A worker's end of its channel to the thread that started it: {post, onMessage}. */
export function parentChannel() {
  return {
    post: (m, t) => self.postMessage(m, t),
    onMessage: (fn) => self.addEventListener('message', (e) => fn(e.data)),
  };
}
