// The WebGPU device, on the runtime's thread: what a program loaded with `device: 'webgpu'` runs
// its executables through (glue/src/gpu.rs calls the methods of `forProgram`'s object from
// inside the program's synchronous `hal` calls). The GPU itself is driven by a worker of its
// own (worker-main.mjs); each call here posts it a request and blocks until it has answered
// (control.mjs). Started on the first GPU program, so CPU-only users never load the translator.

import { WeftError } from '../errors.mjs';
import { createControl, expectAnswer, awaitAnswer } from './control.mjs';
import { canBlock } from '../pool.mjs';

/** The failures glue/src/gpu.rs tells apart, by status number (any other: the dispatch failed). */
const STATUS = ['', 'INVALID_PROGRAM', 'UNSUPPORTED', 'BAD_ARGUMENT', 'OUT_OF_MEMORY'];

/**
 * How long the GPU worker may go without a heartbeat before the runtime gives up on it. A
 * request itself may take as long as the GPU needs: the call's own deadline bounds that.
 */
const SILENCE_MS = 120_000;

/** Where the WGSL translator module is: next to the runtime module, or under `base`. */
export function translatorUrl(base) {
  return base ? new URL('glue/pkg/weft_wgsl.wasm', base) : new URL('../../pkg/weft_wgsl.wasm', import.meta.url);
}

/**
 * The GPU device a program loaded with `device` ('auto', 'webgpu' or 'cpu') runs on, or null
 * for the CPU. `fit`: what the device can do for it (glue/src/gpu.rs `Fit`); `start()`: the
 * runtime's GpuDevice, started on first use. 'auto' takes the GPU when the program has
 * executables for it and WebGPU has an adapter; 'webgpu' refuses a program whose executables
 * are all for the CPU; a program compiled for the GPU alone cannot run on the CPU.
 */
export async function chooseGpu({ device, fit, start, deadline, log }) {
  const gpuOnly = (why) => new WeftError('UNSUPPORTED', `the program was compiled for the GPU only (--iree-hal-target-device=vulkan) and ${why}; compile it with --iree-hal-target-device=vulkan,local to let it run on the CPU too`);
  if (device === 'cpu') throw gpuOnly("device 'cpu' was asked for");
  if (fit === 'cpu') {
    throw new WeftError('UNSUPPORTED', "device 'webgpu': the program's executables are all for the CPU; compile it with --iree-hal-target-device=vulkan (or vulkan,local for both devices)");
  }
  try {
    return await deadline.race(start());
  } catch (e) {
    if (device === 'webgpu' || e.code === 'TIMEOUT' || e.code === 'ABORTED') throw e;
    if (fit === 'gpu-only') throw gpuOnly(e.message.replace("device 'webgpu' is not available", 'WebGPU is not available'));
    log.info(`runs on the CPU: ${e.message}`);
    return null;
  }
}

export class GpuDevice {
  #port;
  #control;
  #lost = null;
  /** The adapter: {vendor, architecture, description}. */
  adapter;

  constructor(port, control, adapter) {
    this.#port = port;
    this.#control = control;
    this.adapter = adapter;
    port.onFailure((e) => { this.#lost ??= `the GPU worker stopped (${e.message})`; });
  }

  /**
   * Starts the GPU worker on `memory` (the runtime's) with the compiled `translator` module.
   * Rejects with UNSUPPORTED when this thread cannot wait for it or there is no adapter.
   */
  static async start({ platform, base, memory, translator }) {
    if (!canBlock(memory)) {
      throw new WeftError('UNSUPPORTED', "device 'webgpu' needs the runtime in a worker (a page's main thread cannot wait for the GPU); create the runtime with { worker: true }");
    }
    const port = platform.startGpuWorker(base);
    const control = createControl();
    const started = await new Promise((resolve, reject) => {
      port.onMessage((m) => m.op === 'started' && resolve(m));
      port.onFailure(reject);
      port.post({ op: 'start', memory, translator, control });
    }).catch((e) => ({ error: { code: 'UNSUPPORTED', message: `the GPU worker did not start (${e.message})` } }));
    if (started.error) {
      port.terminate();
      throw new WeftError(started.error.code, `device 'webgpu' is not available: ${started.error.message}`);
    }
    port.hold(false);
    return new GpuDevice(port, control, started.adapter);
  }

  /** Posts `message` and blocks until the worker answers: the answer's text, or throws its error. */
  #request(message) {
    if (this.#lost) return { failed: true, text: `KERNEL_TRAP: ${this.#lost}` };
    expectAnswer(this.#control);
    this.#port.post(message);
    const reply = awaitAnswer(this.#control, SILENCE_MS);
    if (reply) return reply;
    this.#lost = `the GPU worker stopped answering (no sign of life for ${SILENCE_MS / 1000} s)`;
    return { failed: true, text: `KERNEL_TRAP: ${this.#lost}` };
  }

  /** What glue/src/gpu.rs's `JsGpuDevice` calls for program `id` (named `name` in errors). */
  forProgram(id, name) {
    const key = (handle) => `${id}:${handle}`;
    let message = '';
    // A reply as glue/src/gpu.rs's status: 0, or its error's code by STATUS (the message kept).
    const status = ({ failed, text }) => {
      if (!failed) return 0;
      const [, code, rest] = /^([A-Z_]+): ([\s\S]*)$/.exec(text) ?? [null, '', text];
      message = rest;
      const n = STATUS.indexOf(code);
      return n > 0 ? n : STATUS.length;
    };
    const names = new Map(); // handle -> export names
    const queued = []; // dispatches not yet sent
    return {
      createExecutable: (handle, address, length) => {
        const reply = this.#request({ op: 'create', key: key(handle), name: `${name} executable ${handle}`, address, length });
        if (!reply.failed) names.set(handle, JSON.parse(reply.text));
        return status(reply);
      },
      exportName: (handle, ordinal) => names.get(handle)?.[ordinal],
      errorMessage: () => message,
      // Dispatches wait here until `complete` sends them to the GPU together.
      dispatch: (handle, exportIndex, x, y, z, constants, bindings) => {
        // Copies: the views are of the runtime's memory, which the program will reuse.
        queued.push({ key: key(handle), exportIndex, workgroups: [x, y, z], constants: constants.slice(), bindings: bindings.slice() });
      },
      complete: (dead) => {
        if (!queued.length && !dead.length) return 0;
        const dispatches = queued.splice(0);
        return status(this.#request({ op: 'run', program: id, dispatches, dead: Array.from(dead) }));
      },
      releaseExecutable: (handle) => {
        names.delete(handle);
        if (!this.#lost) this.#port.post({ op: 'release', key: key(handle) });
      },
      close: () => {
        queued.length = 0;
        if (!this.#lost) this.#port.post({ op: 'close', program: id });
      },
    };
  }

  close() {
    this.#port.terminate();
  }
}
