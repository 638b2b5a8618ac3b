// The page's Weft runtime (one worker, started once) and the program currently loaded in it.
// Loading a new program unloads the previous one.

import { Weft } from '../../glue/js/weft.mjs';
import { $, showIsolation, say, describe } from './ui.mjs';

let runtimePromise = null;

/** The runtime, created on first use. Rejects with Weft's message if it cannot start. */
export function runtime() {
  runtimePromise ??= Weft.create();
  return runtimePromise;
}

/** Both pages' start: shows whether the page is cross-origin isolated, starts the runtime and
 * says in #runtime-status whether it is ready. */
export function startRuntime() {
  showIsolation();
  runtime().then(
    () => say($('runtime-status'), 'Runtime: ready (in a Web Worker).'),
    (e) => say($('runtime-status'), describe('Runtime: could not start', e), 'error'),
  );
}

export class ProgramSlot {
  /** @type {{program: import('../../glue/js/weft').Program, label: string, loadMs: number} | null} */
  current = null;

  /**
   * Loads `source` (URL string, File or bytes) with `options` (rt.load's: `device`) and makes
   * it current. On failure the previous program stays loaded and the error propagates with the
   * runtime's message.
   */
  async load(source, label, options = {}) {
    const rt = await runtime();
    const start = performance.now();
    const program = await rt.load(source, options);
    const loadMs = performance.now() - start;
    const previous = this.current;
    this.current = { program, label, loadMs };
    if (previous) await previous.program.unload().catch(() => {});
    return this.current;
  }
}
