// Starting and talking to module workers in a browser.
//
// Workers are created with `new Worker(new URL('./x.mjs', import.meta.url), { type: 'module' })`
// written out in the module that starts them (weft.mjs, platform.browser.mjs): the form bundlers
// (Vite, webpack, esbuild) recognise and emit as a chunk of its own. With a `base` (the package's
// files served from elsewhere) or when the starting module itself came from another origin (a
// CDN), the worker starts through a same-origin blob that imports the real script, because
// browsers refuse `new Worker` on a cross-origin URL.

import { WeftError } from './errors.mjs';

// True when `url` may not be given to `new Worker` as it is.
function crossOrigin(url) {
  return new URL(url).origin !== self.location.origin;
}

// A module worker for the script at `url`, through a blob when it is cross-origin. The blob
// URL is revoked once the worker has said something.
function startAt(url, name) {
  if (!crossOrigin(url)) return new Worker(url, { type: 'module', name });
  const shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(String(url))};\n`], { type: 'text/javascript' }));
  const worker = new Worker(shim, { type: 'module', name });
  worker.addEventListener('message', () => URL.revokeObjectURL(shim), { once: true });
  return worker;
}

/**
 * Starts worker script `file` (a sibling of the module at `starter`, its import.meta.url) and
 * returns the caller's end. `literal()` starts it with the bundler-visible expression; it is
 * used unless the files were moved (`base`, the package root's URL) or `starter` is
 * cross-origin.
 */
export function startWorker(starter, base, file, name, literal) {
  if (base) return port(startAt(new URL(`glue/js/${file}`, base), name));
  if (crossOrigin(starter)) return port(startAt(new URL(file, starter), name));
  return port(literal());
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
