// A pool worker: its own instance of the runtime module on the runtime's shared memory, its
// own side-module instances for every program's kernels (kernel-host.mjs) with the handles the
// runtime's thread uses, and a loop that sleeps in Atomics.wait on the pool's signal word and
// runs its share of each dispatch (glue/wasm-loader/src/pool.rs `work`). Messages (load/unload a program's
// kernels) are read when the runtime's thread moves the mailbox word, which sends the worker
// back to its event loop. The entry points are pool-worker.mjs (browsers) and
// pool-worker.node.mjs, which pass their platform's channel.
//
// Blocking Atomics.wait rather than Atomics.waitAsync: Node 20's waitAsync is never woken by
// a notify from another thread (measured: notify reports 0 waiters), and a blocked worker
// wakes within microseconds (glue/README.md, "Threads").

import { initSync, runtime_function_table, pool_work, ControlWord } from '../pkg/weft_runtime.js';
import { KernelHost } from './kernel-host.mjs';

/**
 * Serves the pool's messages on `channel` ({post, onMessage}); `released(bytes)` (if given) is
 * told how much linked wasm a dropped program had (platform.node.mjs garbageCollector).
 */
export function runPoolWorker(channel, released) {
  /** @type {Int32Array} */
  let control = null;
  let processor = 0;
  let host = null;
  let kernels = null; // Weft's compiled kernel module, once a program brings it
  let handled = 0; // messages handled (the mailbox counts those sent)
  let left = false; // a worker without some program's kernels takes no part in dispatches
  const programs = new Map(); // key -> [{handleBase, count}]

  async function handle(m) {
    switch (m.op) {
      case 'init': {
        const runtime = initSync({ module: m.module, memory: m.memory });
        host = new KernelHost({ memory: m.memory, runtime, compiledKernels: async () => kernels });
        host.installTrampoline(runtime_function_table(), m.trampoline);
        control = new Int32Array(m.memory.buffer, m.control, 4);
        processor = m.processor;
        handled = m.handled;
        return;
      }
      case 'load': {
        kernels ??= m.kernels ?? null;
        const placed = [];
        programs.set(m.key, placed);
        try {
          for (const e of m.executables) {
            await host.instantiate(e);
            placed.push(e);
          }
        } catch (e) {
          left = true;
          throw e;
        }
        return;
      }
      case 'unload':
        for (const { handleBase, count, byteLength } of programs.get(m.key) ?? []) {
          host.release(handleBase, count);
          released?.(byteLength);
        }
        programs.delete(m.key);
        return;
      default:
        throw new Error(`unknown pool message '${m.op}'`);
    }
  }

  // Runs dispatches until a message is waiting. `seen`: the signal value last acted on.
  function park() {
    let seen = null;
    for (;;) {
      const signal = Atomics.load(control, ControlWord.Signal);
      if (left || Atomics.load(control, ControlWord.Mailbox) !== handled) return;
      if (signal !== seen) {
        seen = signal;
        try {
          pool_work(processor, handled);
        } catch (e) {
          // Workgroups this worker claimed will never finish: let the runtime's thread stop waiting.
          Atomics.store(control, ControlWord.Broken, 1);
          Atomics.notify(control, ControlWord.Done);
          throw e;
        }
        continue;
      }
      Atomics.wait(control, ControlWord.Signal, signal);
    }
  }

  // One message at a time, in order (a load instantiates asynchronously).
  let queue = Promise.resolve();
  channel.onMessage((m) => {
    queue = queue.then(async () => {
      let err;
      try {
        await handle(m);
      } catch (e) {
        err = e?.message ?? String(e);
      }
      if (m.op !== 'init') handled++;
      channel.post({ id: m.id, err });
      if (control) park();
    });
  });
}
