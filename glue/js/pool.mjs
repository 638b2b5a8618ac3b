// The thread pool, on the runtime's thread: how many threads to use and why, the Workers
// (pool-worker.mjs) that run workgroups with this thread, and the messages that give them each
// program's kernels. The dispatch protocol itself is in glue/src/pool.rs; JS only parks the
// workers and, to hand them a message, bumps the mailbox and signal words so a parked worker
// returns to its event loop.

import { isNode, startWorker } from './platform.mjs';
import { CONTROL } from './kernel-host.mjs';

/** Most threads (glue/src/pool.rs MAX_THREADS). */
export const MAX_THREADS = 64;

// Whether this thread may block in Atomics.wait (a browser's main thread may not).
function canBlock(memory) {
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
export async function threadPlan(requested, memory) {
  let threads = requested, source = 'as the threads option asked';
  if (requested !== undefined) {
    if (!(Number.isInteger(requested) && requested >= 1 && requested <= MAX_THREADS)) {
      throw new Error(`threads must be an integer from 1 to ${MAX_THREADS}, got ${requested}`);
    }
  } else if (isNode) {
    const os = await import('node:os');
    threads = os.availableParallelism();
    source = 'os.availableParallelism()';
  } else {
    threads = navigator.hardwareConcurrency || 1;
    source = 'navigator.hardwareConcurrency';
  }
  threads = Math.min(threads, MAX_THREADS);
  if (threads > 1 && !isNode && globalThis.crossOriginIsolated !== true) {
    return { threads: 1, reduced: true, why: '1 thread: the page is not cross-origin isolated, so its memory cannot be shared with workers (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)' };
  }
  if (threads > 1 && !canBlock(memory)) {
    return { threads: 1, reduced: true, why: "1 thread: the runtime runs on the page's main thread, where Atomics.wait is not allowed (create it in a worker, the default)" };
  }
  return { threads, reduced: false, why: `${threads} thread${threads > 1 ? 's' : ''}: ${source}` };
}

export class Pool {
  #workers = [];
  #control;
  #nextId = 1;
  #nextKey = 1;
  #pending = new Map();
  #failed = null;
  /** Programs' kernels (key -> executables), also for workers that are still starting. */
  #programs = new Map();
  #started = false;
  #holdAll = false;
  /** Settles when the workers run dispatches, or failed to start (`failure` then says why). */
  ready;
  failure = null;

  constructor(control) {
    this.#control = control;
  }

  /**
   * Starts `threads - 1` workers in the background, each with its own instance of the runtime
   * module `module` on `memory` (`control`: address of the control block; `trampoline`: the
   * kernel trampoline's table slot). Once every worker has every loaded program's kernels it
   * calls `activate`: until then dispatches run on this thread, so creating a runtime does not
   * wait for its workers.
   */
  static start({ threads, module, memory, control, trampoline, activate, workerUrl }) {
    const pool = new Pool(new Int32Array(memory.buffer, control, 4));
    const url = workerUrl ?? new URL('./pool-worker.mjs', import.meta.url);
    pool.ready = pool.#bringUp(threads, url, { module, memory, control, trampoline }).then(activate, async (e) => {
      pool.failure = e instanceof Error ? e : new Error(String(e));
      await pool.close();
    }).finally(() => pool.#hold(false));
    return pool;
  }

  async #bringUp(threads, url, init) {
    this.#workers = await Promise.all(Array.from({ length: threads - 1 }, (_, k) => startWorker(url, `weft-pool-${k + 1}`)));
    for (const w of this.#workers) {
      w.onMessage((reply) => this.#settle(reply));
      w.onFailure((e) => this.#fail(e));
      w.hold(this.#holdAll); // idle pool workers must not keep Node alive
    }
    await Promise.all(this.#workers.map((w, k) => this.#request(w, { op: 'init', ...init, processor: k + 1 })));
    this.#started = true;
    // Programs loaded while the workers started, in load order.
    await Promise.all([...this.#programs].map(([key, executables]) => this.#loadOnWorkers(key, executables)));
  }

  /** Resolves once the workers run dispatches or failed to start; keeps Node alive until then. */
  async whenReady() {
    this.#hold(true);
    await this.ready;
  }

  #hold(all) {
    this.#holdAll = all;
    for (const w of this.#workers) w.hold(all || [...this.#pending.values()].some((p) => p.worker === w));
  }

  #request(worker, message) {
    if (this.#failed) return Promise.reject(new Error(`a Weft pool worker failed: ${this.#failed.message}`));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, worker });
      // Node stays alive while a started worker owes an answer (not for a start nobody awaits).
      if (this.#started) worker.hold(true);
      worker.post({ ...message, id });
    });
  }

  // Sends `make(processor)` to every worker; resolves when all have answered. The mailbox
  // moves first, so a worker that reads the message always finds it counted.
  #broadcast(make) {
    Atomics.add(this.#control, CONTROL.MAILBOX, 1);
    const replies = this.#workers.map((w, k) => this.#request(w, make(k + 1)));
    Atomics.add(this.#control, CONTROL.SIGNAL, 1);
    Atomics.notify(this.#control, CONTROL.SIGNAL);
    return Promise.all(replies);
  }

  #settle(reply) {
    const p = this.#pending.get(reply.id);
    if (!p) return;
    this.#pending.delete(reply.id);
    if (!this.#holdAll && ![...this.#pending.values()].some((q) => q.worker === p.worker)) p.worker.hold(false);
    if (reply.err) p.reject(new Error(`a Weft pool worker: ${reply.err}`));
    else p.resolve();
  }

  #fail(error) {
    if (this.#failed) return;
    this.#failed = error instanceof Error ? error : new Error(String(error));
    for (const p of this.#pending.values()) p.reject(new Error(`a Weft pool worker stopped: ${this.#failed.message}`));
    this.#pending.clear();
  }

  #loadOnWorkers(key, executables) {
    return this.#broadcast((p) => ({ op: 'load', key, executables: executables.map(({ module, base, count, stackTops }) => ({ module, base, count, stackTop: stackTops[p] })) }));
  }

  /**
   * Instantiates a program's kernels on every worker: `executables` are
   * [{module, base, count, stackTops}] (`stackTops[p]`: the stack of processor p). Resolves
   * when every started worker has them; returns the key `unload` takes.
   */
  async load(executables) {
    const key = this.#nextKey++;
    this.#programs.set(key, executables);
    if (this.#started && !this.failure) await this.#loadOnWorkers(key, executables);
    return key;
  }

  /** Drops a program's kernels on every worker. */
  async unload(key) {
    this.#programs.delete(key);
    if (this.#started && !this.failure) await this.#broadcast(() => ({ op: 'unload', key }));
  }

  async close() {
    this.#fail(new Error('the pool was closed'));
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
