// The Weft worker: owns a direct Runtime and answers the proxy's requests (messages.mjs), one
// switch over the request types. Program bytes arrive transferred; results of calls go back as
// plain values. When the caller gave a call lane (call-lane.mjs), the worker waits in it
// whenever no request is being handled, answers the calls written there, and returns to its
// event loop when the caller posts a message. A failed request answers with `err` and leaves
// the runtime usable, except RUNTIME_LOST, after which the proxy stops this worker and starts
// another. The entry points are worker.mjs (browsers) and worker.node.mjs, which pass their
// platform.

import { Runtime } from './runtime.mjs';
import { WeftError } from './errors.mjs';
import { success, failure, progress } from './messages.mjs';
import { transferables } from './values.mjs';
import { LaneWorker } from './call-lane.mjs';

/** Serves the proxy's requests on `channel` ({post, onMessage}) with `platform`'s runtime. */
export function runRuntimeWorker(channel, platform) {
  let runtime = null;
  const programs = new Map();
  let nextProgram = 1; // handles are never reused: a stale one cannot reach another program
  let lane = null;
  let received = 0; // messages received (the lane's mailbox counts those posted)
  let busy = 0; // messages being handled

  function program(id) {
    const p = programs.get(id);
    if (!p) throw new WeftError('UNLOADED', `no program with handle ${id} is loaded (unloaded already?)`);
    return p;
  }

  function ready() {
    if (!runtime) throw new WeftError('INTERNAL', 'the worker has no runtime yet');
    return runtime;
  }

  function call(input) {
    return program(input.program)._callNow(input.name, input.args);
  }

  async function handle(req) {
    const input = req.in;
    switch (req.type) {
      case 'create':
        runtime = await Runtime.create(input.options, platform);
        if (input.lane) lane = new LaneWorker(input.lane);
        return {};
      case 'load': {
        const onProgress = input.progress ? (report) => channel.post(progress(req, report)) : undefined;
        const p = await ready().load(input.source, { cache: input.cache, device: input.device, parameters: input.parameters, onProgress });
        const id = nextProgram++;
        programs.set(id, p);
        return { program: id, name: p.name, functions: p.functions, device: p.device, adapter: p.adapter };
      }
      case 'call':
        return { results: call(input) };
      case 'callText':
        return program(input.program).callText(input.name, input.inputs, { seed: input.seed, iterations: input.iterations });
      case 'inspect':
        if (input.program !== undefined) return { text: await program(input.program).inspect() };
        return { text: await ready().inspect(input.source) };
      case 'unload': {
        const p = programs.get(input.program);
        programs.delete(input.program);
        await p?.unload(); // unloading twice is harmless, as on the direct path
        return {};
      }
      case 'info':
        return ready().info();
      default:
        throw new WeftError('INTERNAL', `unknown request type '${req.type}'`);
    }
  }

  channel.onMessage(async (req) => {
    received++;
    busy++;
    try {
      const out = await handle(req);
      // Result tensors move to the caller's thread instead of being copied.
      channel.post(success(req, out), out.results ? transferables(out.results) : []);
    } catch (e) {
      channel.post(failure(req, e));
    } finally {
      busy--;
    }
    if (lane && busy === 0) lane.serve(() => received, (req) => call(req.in), channel.post);
  });
}
