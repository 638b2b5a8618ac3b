// The proxy: the same methods as the direct Runtime/Program (runtime.mjs), forwarded to a
// worker that runs the runtime. Each request carries an id; replies resolve the matching
// promise. Program bytes are copied once and transferred; the caller's buffers stay intact.

import { request, toError } from './messages.mjs';
import { isNode, startWorker } from './platform.mjs';
import { checkArgs } from './values.mjs';

export class WorkerRuntime {
  #worker;
  #nextId = 1;
  #pending = new Map();
  #failed = null;

  constructor(worker) {
    this.#worker = worker;
    worker.onMessage((reply) => this.#settle(reply));
    worker.onFailure((e) => this.#fail(e));
    worker.hold(false);
  }

  static async create(options = {}) {
    const url = options.workerUrl ?? new URL('./worker.mjs', import.meta.url);
    const rt = new WorkerRuntime(await startWorker(url, 'weft'));
    const { workerUrl, ...rest } = options;
    try {
      await rt._send('create', { options: rest });
    } catch (e) {
      await rt.close();
      throw e;
    }
    return rt;
  }

  _send(type, input, transfer = []) {
    if (this.#failed) return Promise.reject(new Error(`the Weft worker is gone: ${this.#failed.message}`));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.hold(true);
      this.#worker.post(request(type, id, input), transfer);
    });
  }

  #settle(reply) {
    const p = this.#pending.get(reply.id);
    if (!p) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.hold(false);
    if (reply.err) p.reject(toError(reply.err));
    else p.resolve(reply.out);
  }

  #fail(error) {
    if (this.#failed) return;
    this.#failed = error instanceof Error ? error : new Error(String(error));
    for (const p of this.#pending.values()) p.reject(new Error(`the Weft worker stopped: ${this.#failed.message}`));
    this.#pending.clear();
  }

  /** Loads a program; see Runtime.load. */
  async load(source) {
    const payload = await this.#payload(source);
    const out = await this._send('load', { source: payload }, typeof payload === 'string' ? [] : [payload]);
    return new ProgramProxy(this, out);
  }

  /** Describes a program without running it; see Runtime.inspect. */
  async inspect(source) {
    const payload = await this.#payload(source);
    return (await this._send('inspect', { source: payload }, typeof payload === 'string' ? [] : [payload])).text;
  }

  // A URL string for the worker to read, or a copy of the bytes to transfer.
  async #payload(source) {
    let payload;
    if (typeof source === 'string' || source instanceof URL) {
      // Resolve relative URLs against the page, not the worker script.
      payload = !isNode && typeof location !== 'undefined' ? new URL(String(source), location.href).href : String(source);
    } else {
      const { toBytes } = await import('./values.mjs');
      payload = (await toBytes(source)).slice().buffer; // a copy we own, transferred
    }
    return payload;
  }

  /** Stops the worker; pending requests reject. */
  async close() {
    this.#fail(new Error('the runtime was closed'));
    await this.#worker.terminate();
  }
}

export class ProgramProxy {
  #rt;
  #id;

  constructor(rt, { program, name, functions }) {
    this.#rt = rt;
    this.#id = program;
    this.name = name;
    this.functions = functions;
  }

  async call(name, args = []) {
    checkArgs(name, args); // reject bad arguments here, with the same messages as the direct path
    return (await this.#rt._send('call', { program: this.#id, name, args })).results;
  }

  async callText(name, inputs = [], { seed = false, iterations = 1 } = {}) {
    return this.#rt._send('callText', { program: this.#id, name, inputs: inputs.map((x) => (x && typeof x === 'object' && 'npy' in x ? x : String(x))), seed, iterations });
  }

  async inspect() {
    return (await this.#rt._send('inspect', { program: this.#id })).text;
  }

  async unload() {
    await this.#rt._send('unload', { program: this.#id });
  }
}
