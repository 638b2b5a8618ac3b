// The thread pool, on the runtime's thread: how many threads to use and why, the Workers
// (pool-worker.mjs) that run workgroups with this thread, and the messages that give them each
// program's kernels. The dispatch protocol itself is in glue/wasm-loader/src/pool.rs; JS only parks the
// workers and, to hand them a message, bumps the mailbox and signal words so a parked worker
// returns to its event loop.

import { ControlWord, pool_max_threads } from '../pkg/weft_runtime.js';
import { WeftError } from './errors.mjs';

/** Whether this thread may block in Atomics.wait (a browser's main thread may not); `memory`: a shared WebAssembly.Memory. */
export function canBlock(memory) {
  try {
    Atomics.wait(new Int32Array(memory.buffer, 0, 1), 0, 1, 0); // value differs: returns at once
    return true;
  } catch {
    return false;
  }
}

/**
 * How many threads run workgroups (this one included) and why: {threads, why, reduced}.
 * `reduced`: the environment allowed fewer threads than asked for or available.
 */
export function threadPlan(requested, memory, platform) {
  const max = pool_max_threads();
  let threads = requested, source = 'as the threads option asked';
  if (requested !== undefined) {
    if (!(Number.isInteger(requested) && requested >= 1 && requested <= max)) {
      throw new WeftError('BAD_ARGUMENT', `threads must be an integer from 1 to ${max}, got ${requested}`);
    }
  } else {
    ({ threads, source } = platform.defaultThreads());
  }
  threads = Math.min(threads, max);
  const isolation = threads > 1 ? platform.isolationProblem() : null;
  if (isolation) return { threads: 1, reduced: true, why: `1 thread: ${isolation}` };
  if (threads > 1 && !canBlock(memory)) {
    return { threads: 1, reduced: true, why: "1 thread: the runtime runs on the page's main thread, where Atomics.wait is not allowed (create it in a worker, the default)" };
  }
  return { threads, reduced: false, why: `${threads} thread${threads > 1 ? 's' : ''}: ${source}` };
}

export class Pool {
  /** @type {Int32Array} */
  #control;
  /** The workers once started and sent their init (an empty list if they could not start). */
  #workers;
  #live = new Set();
  #nextId = 1;
  #nextKey = 1;
  #pending = new Map();
  /** Callers of whenStarted() waiting (they keep every worker held). */
  #waiting = 0;
  /** Settles when every worker has answered its init. */
  #started;
  #log;
  /** Why workers stopped or never started (each also logged once). */
  failures = [];

  constructor(control, log) {
    this.#control = control;
    this.#log = log;
  }

  /**
   * Starts `threads - 1` workers in the background, each with its own instance of the runtime
   * module `module` on `memory` (`control`: address of the control block; `trampoline`: the
   * kernel trampoline's table slot). Creating a runtime does not wait for them: a dispatch
   * uses a worker once it has handled every message sent so far (pool.rs `work`).
   */
  static start({ threads, module, memory, control, trampoline, platform, base, log }) {
    const pool = new Pool(new Int32Array(memory.buffer, control, 4), log);
    // Messages the workers will have handled once at their init: all sent so far (none yet).
    const init = { op: 'init', module, memory, control, trampoline, handled: Atomics.load(pool.#control, ControlWord.Mailbox) };
    pool.#workers = new Promise((resolve) => {
      const workers = [];
      try {
        for (let k = 1; k < threads; k++) workers.push(platform.startPoolWorker(base, `weft-pool-${k}`));
      } catch (e) {
        for (const w of workers) w.terminate();
        pool.#failed(`the pool's workers could not start (${e?.message ?? e})`);
        pool.#started = Promise.resolve();
        return resolve([]);
      }
      for (const w of workers) {
        pool.#live.add(w);
        w.onMessage((reply) => pool.#settle(reply));
        w.onFailure((e) => pool.#fail(w, e));
        w.hold(false); // idle pool workers must not keep Node alive
      }
      // Nobody waits for the inits unless info() asks, so they do not hold Node.
      pool.#started = Promise.all(workers.map((w, k) => pool.#request(w, { ...init, processor: k + 1 }, false)));
      resolve(workers);
    });
    return pool;
  }

  /** Resolves once every worker has started (or failed to); keeps Node alive meanwhile. */
  async whenStarted() {
    const workers = await this.#workers;
    this.#waiting++;
    for (const w of workers) w.hold(true);
    try {
      await this.#started.catch(() => {});
    } finally {
      this.#waiting--;
      for (const w of workers) this.#release(w);
    }
  }

  #failed(why) {
    this.failures.push(why);
    this.#log.warn(why);
  }

  #request(worker, message, hold = true) {
    if (!this.#live.has(worker)) return Promise.resolve();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, worker, hold });
      if (hold) worker.hold(true); // Node stays alive while a worker owes an answer
      worker.post({ ...message, id });
    });
  }

  #release(worker) {
    if (this.#waiting === 0 && ![...this.#pending.values()].some((p) => p.worker === worker && p.hold)) worker.hold(false);
  }

  // Sends `make(processor)` to every worker; resolves when all have answered. The mailbox
  // counts the message at once: from now on a worker takes part in dispatches only after it
  // has handled it.
  async #broadcast(make) {
    Atomics.add(this.#control, ControlWord.Mailbox, 1);
    const workers = await this.#workers;
    const replies = workers.map((w, k) => this.#request(w, make(k + 1)));
    Atomics.add(this.#control, ControlWord.Signal, 1);
    Atomics.notify(this.#control, ControlWord.Signal);
    await Promise.all(replies);
  }

  #settle(reply) {
    const p = this.#pending.get(reply.id);
    if (!p) return;
    this.#pending.delete(reply.id);
    this.#release(p.worker);
    if (reply.err) p.reject(new WeftError('INTERNAL', `a Weft pool worker: ${reply.err}`));
    else p.resolve();
  }

  // A worker that died leaves the pool; what it owed rejects.
  #fail(worker, error) {
    if (!this.#live.delete(worker)) return;
    this.#failed(`a pool worker stopped (${error?.message ?? error})`);
    for (const [id, p] of this.#pending) {
      if (p.worker !== worker) continue;
      this.#pending.delete(id);
      p.reject(new WeftError('RUNTIME_LOST', `a Weft pool worker stopped: ${error?.message ?? error}`));
    }
  }

  /** Workers in the pool now. */
  get liveWorkers() {
    return this.#live.size;
  }

  /** Whether a worker stopped in the middle of a dispatch (the runtime must not be used again). */
  get broken() {
    return Atomics.load(this.#control, ControlWord.Broken) !== 0;
  }

  /**
   * Instantiates a program's kernels on every worker: `executables` are [{module, tableBase,
   * handleBase, count, stackTops}] (`stackTops[p]`: the stack of processor p); `kernels`: Weft's
   * compiled kernel module when they import it. Resolves when every worker has them; returns
   * the key `unload` takes.
   */
  async load(executables, kernels) {
    const key = this.#nextKey++;
    await this.#broadcast((p) => ({
      op: 'load',
      key,
      kernels,
      executables: executables.map(({ stackTops, ...e }) => ({ ...e, stackTop: stackTops[p] })),
    }));
    return key;
  }

  /** Drops a program's kernels on every worker. */
  unload(key) {
    return this.#broadcast(() => ({ op: 'unload', key }));
  }

  async close() {
    const workers = await this.#workers;
    for (const w of workers) this.#live.delete(w);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
