// Second thread of tests/bench/kernels.mjs: the kernel module on the same shared memory; runs
// the odd workgroups of the job the main thread posts in `ctl` (Atomics), like a pool worker.
import { workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { kernelExports, kernelModuleUrl } from '../../glue/js/kernels.mjs';

const { memory, variant, ctl: buffer } = workerData;
const ctl = new Int32Array(buffer); // [0] job generation, [1] done generation, [2] kernel, [3] n, [4..4+n) arguments, [4+n] workgroups
const compiled = WebAssembly.compile(readFileSync(kernelModuleUrl(variant)));
const { exports: kernels } = await kernelExports(memory, () => compiled);
const names = Object.keys(kernels).filter((n) => n.startsWith('weft_')).sort();
Atomics.store(ctl, 1, -1); // ready
Atomics.notify(ctl, 1);
for (let seen = 0; ; ) {
  Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (seen < 0) break;
  const kernel = kernels[names[ctl[2]]];
  const args = Array.from(ctl.subarray(4, 4 + ctl[3]));
  const count = ctl[4 + ctl[3]];
  for (let id = 1; id < count; id += 2) kernel(...args, id, count);
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}
