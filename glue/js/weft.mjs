// Weft's public JS API.
//
//   import { Weft } from './glue/js/weft.mjs';
//   const rt = await Weft.create();                 // runtime in a worker (default)
//   const prog = await rt.load('model.vmfb');       // URL/path, ArrayBuffer, typed array, File, Response
//   prog.functions                                  // [{name, signature, args, results}]
//   const [y] = await prog.call('fn', [1.5, 2]);    // numbers (bigint for i64)
//   await prog.unload(); await rt.close();
//   await rt.info()                                 // {threads, threading}: threads running workgroups, and why
//
// `Weft.create({worker: false})` runs the runtime in the calling thread (same methods).

import { Runtime } from './runtime.mjs';
import { WorkerRuntime } from './proxy.mjs';

export const Weft = Object.freeze({
  /**
   * @param {{worker?: boolean, threads?: number, maximumMemoryPages?: number, wasm?: ArrayBuffer|Uint8Array|string, workerUrl?: string|URL}} options
   */
  async create(options = {}) {
    const { worker = true, ...rest } = options;
    return worker ? WorkerRuntime.create(rest) : Runtime.create(rest);
  },
});

export { Runtime, WorkerRuntime };
export default Weft;
