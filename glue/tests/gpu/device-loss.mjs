// A lost GPU device, in Node on Dawn (run by gpu.test.mjs through gpu/dawn.mjs): the runtime
// (in this thread) runs a GPU program from a package root whose GPU worker is the real one with
// two changes, made here in a temporary copy of the root (links to the real files): its device
// is destroyed when the second command buffer arrives, and it counts the devices it opened.
// Reports each of three calls ({results} or {error}) and how many devices were opened.

import { mkdtempSync, mkdirSync, readdirSync, symlinkSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Weft } from '../../js/weft.node.mjs';
import { root, oraclePrograms, textToTensor } from '../common.mjs';
import { TYPED_ARRAYS } from '../../js/values.mjs';

const [report] = process.argv.slice(2);
const base = mkdtempSync(path.join(tmpdir(), 'weft-device-loss-'));
const linkAll = (from, to, except = []) => {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) if (!except.includes(name)) symlinkSync(path.join(from, name), path.join(to, name));
};
linkAll(path.join(root, 'glue/pkg'), path.join(base, 'glue/pkg'));
linkAll(path.join(root, 'glue/js'), path.join(base, 'glue/js'), ['gpu']);
linkAll(path.join(root, 'glue/js/gpu'), path.join(base, 'glue/js/gpu'), ['worker.node.mjs']);
const real = (file) => JSON.stringify(pathToFileURL(path.join(root, file)).href);
writeFileSync(path.join(base, 'glue/js/gpu/worker.node.mjs'), `
import { createRequire } from 'node:module';
import { parentChannel } from ${real('glue/js/platform.node.mjs')};
import { runGpuWorker } from ${real('glue/js/gpu/worker-main.mjs')};
const webgpu = createRequire(${real('package.json')})('webgpu');
Object.assign(globalThis, webgpu.globals);
const dawn = webgpu.create([]);
const devices = [];
const gpu = {
  requestAdapter: async (options) => {
    const adapter = await dawn.requestAdapter(options);
    return adapter && {
      limits: adapter.limits,
      info: adapter.info,
      requestDevice: async (descriptor) => { const device = await adapter.requestDevice(descriptor); devices.push(device); return device; },
    };
  },
};
const channel = parentChannel();
let runs = 0;
runGpuWorker({
  post: channel.post,
  onMessage: (serve) => channel.onMessage((m) => {
    if (m.op === 'run' && ++runs === 2) devices.at(-1).destroy();
    serve(m);
  }),
}, gpu, '');
setInterval(() => {}, 1 << 30);
`);

const program = oraclePrograms('corpus', 'vulkan').find((p) => p.name === 'gpu_signed_integers');
const call = program.oracle.runs[0].calls[0];
const rt = await Weft.create({ worker: false, base: pathToFileURL(base + '/').href });
const loaded = await rt.load(readFileSync(program.module), { device: 'webgpu' });
const args = call.inputs.map((text) => textToTensor(text, TYPED_ARRAYS));
const calls = [];
for (let i = 0; i < 3; i++) {
  try {
    const results = await loaded.call(call.function, args);
    calls.push({ results: results.map((r) => ({ shape: r.shape, dtype: r.dtype, data: Array.from(r.data) })) });
  } catch (e) {
    calls.push({ error: { code: e.code, message: e.message } });
  }
}
await loaded.unload();
await rt.close();
rmSync(base, { recursive: true, force: true });
writeFileSync(report, JSON.stringify({ calls, expected: call.results }));
process.exit(0);
