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
  #workers;
  #control;
  #nextId = 1;
  #nextKey = 1;
  #pending = new Map();
  #failed = null;

  constructor(workers, control) {
    this.#workers = workers;
    this.#control = control;
    for (const w of workers) {
      w.onMessage((reply) => this.#settle(reply));
      w.onFailure((e) => this.#fail(e));
      w.hold(false); // idle pool workers must not keep Node alive
    }
  }

  /**
   * Starts `threads - 1` workers, each with its own instance of the runtime module `module` on
   * `memory`. `control`: address of the control block; `trampoline`: the kernel trampoline's
   * table slot.
   */
  static async start({ threads, module, memory, control, trampoline, workerUrl }) {
    const url = workerUrl ?? new URL('./pool-worker.mjs', import.meta.url);
    const workers = await Promise.all(Array.from({ length: threads - 1 }, (_, k) => startWorker(url, `weft-pool-${k + 1}`)));
    const pool = new Pool(workers, new Int32Array(memory.buffer, control, 4));
    try {
      await Promise.all(workers.map((w, k) => pool.#request(w, { op: 'init', module, memory, control, trampoline, processor: k + 1 })));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  #request(worker, message) {
    if (this.#failed) return Promise.reject(new Error(`a Weft pool worker failed: ${this.#failed.message}`));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, worker });
      worker.hold(true); // Node stays alive while a worker owes an answer
      worker.post({ ...message, id });
    });
  }

  // Sends `make(processor)` to every worker; resolves when all have answered.
  // The mailbox moves first, so a worker that reads the message always finds it counted.
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
    if (![...this.#pending.values()].some((q) => q.worker === p.worker)) p.worker.hold(false);
    if (reply.err) p.reject(new Error(`a Weft pool worker: ${reply.err}`));
    else p.resolve();
  }

  #fail(error) {
    if (this.#failed) return;
    this.#failed = error instanceof Error ? error : new Error(String(error));
    for (const p of this.#pending.values()) p.reject(new Error(`a Weft pool worker stopped: ${this.#failed.message}`));
    this.#pending.clear();
  }

  /**
   * Instantiates a program's kernels on every worker: `executables` are
   * [{module, base, count, stackTops}] (`stackTops[p]`: the stack of processor p). Returns the
   * key `unload` takes.
   */
  async load(executables) {
    const key = this.#nextKey++;
    await this.#broadcast((p) => ({ op: 'load', key, executables: executables.map(({ module, base, count, stackTops }) => ({ module, base, count, stackTop: stackTops[p] })) }));
    return key;
  }

  /** Drops a program's kernels on every worker. */
  unload(key) {
    return this.#broadcast(() => ({ op: 'unload', key }));
  }

  async close() {
    this.#fail(new Error('the pool was closed'));
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}
