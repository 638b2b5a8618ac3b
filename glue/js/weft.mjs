// Weft's public JS API, for browsers and bundlers (weft.node.mjs is the same for Node).
//
//   import { Weft } from 'weft-runtime';
//   const rt = await Weft.create();                 // runtime in a worker (default)
//   const prog = await rt.load('model.vmfb', { onProgress: (p) => console.log(p.stage, p.loaded) });
//   prog.functions                                  // [{name, signature, args, results}]
//   const [y] = await prog.call('fn', [1.5, 2], { timeoutMs: 1000 });
//   await prog.unload(); await rt.close();
//
// weft.d.ts documents every option; errors are WeftErrors with a stable `code`.

import * as platform from './platform.browser.mjs';
import { startWorker } from './browser-workers.mjs';
import { createWeft } from './api.mjs';

// The runtime's worker, started where bundlers can see which script it runs.
function startRuntimeWorker(base) {
  return startWorker(base, 'worker.mjs', 'weft', () => new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module', name: 'weft' }));
}

/** @type {typeof import('./weft.js').Weft} */
export const Weft = createWeft({ ...platform, startRuntimeWorker });
export { WeftError, ERROR_CODES } from './errors.mjs';
export { tensor, isTensor } from './api.mjs';
export default Weft;
