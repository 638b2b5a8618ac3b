// The Weft worker: owns a direct Runtime and answers the proxy's requests (messages.mjs), one
// switch over the request types. Program bytes arrive transferred; results of calls go back as
// plain values. A failed request answers with `err` and leaves the runtime usable.

import { Runtime } from './runtime.mjs';
import { success, failure } from './messages.mjs';
import { workerChannel } from './platform.mjs';
import { transferables } from './values.mjs';

const channel = await workerChannel();
let runtime = null;
const programs = new Map();

function program(id) {
  const p = programs.get(id);
  if (!p) throw new Error(`no program with id ${id} is loaded (unloaded already?)`);
  return p;
}

async function handle(req) {
  const input = req.in;
  switch (req.type) {
    case 'create':
      runtime = await Runtime.create(input.options);
      return {};
    case 'load': {
      if (!runtime) throw new Error('the worker has no runtime yet');
      const p = await runtime.load(input.source);
      const id = programs.size === 0 ? 1 : Math.max(...programs.keys()) + 1;
      programs.set(id, p);
      return { program: id, name: p.name, functions: p.functions };
    }
    case 'call':
      return { results: await program(input.program).call(input.name, input.args) };
    case 'callText':
      return program(input.program).callText(input.name, input.inputs, { seed: input.seed, iterations: input.iterations });
    case 'inspect':
      if (input.program !== undefined) return { text: await program(input.program).inspect() };
      if (!runtime) throw new Error('the worker has no runtime yet');
      return { text: await runtime.inspect(input.source) };
    case 'unload':
      await program(input.program).unload();
      programs.delete(input.program);
      return {};
    case 'info':
      if (!runtime) throw new Error('the worker has no runtime yet');
      return runtime.info();
    default:
      throw new Error(`unknown request type '${req.type}'`);
  }
}

channel.onMessage(async (req) => {
  try {
    const out = await handle(req);
    // Result tensors move to the caller's thread instead of being copied.
    channel.post(success(req, out), out.results ? transferables(out.results) : []);
  } catch (e) {
    channel.post(failure(req, e));
  }
});
