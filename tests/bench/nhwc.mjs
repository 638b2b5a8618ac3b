// NHWC convolutions (tests/bench/nhwc.mlir, StableHLO) in Node: each function built by
// `weft compile` with Weft's kernels and with --no-kernels (the compiler's wasm32 kernels),
// median ms per call on 1 and 2 threads, and the max abs difference between the two builds.
//   node tests/bench/nhwc.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Weft from '../../glue/js/weft.node.mjs';
import { maxAbsDiff, median, timeLoop } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const source = path.join(here, 'nhwc.mlir');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'weft-nhwc-bench-'));
const builds = { compiler: ['--no-kernels'], weft: [] };
for (const [name, flags] of Object.entries(builds)) {
  const env = { ...process.env, PATH: `${path.join(root, '.venv/bin')}${path.delimiter}${process.env.PATH}` }; // weft compile's compiler
  execFileSync(process.execPath, [path.join(root, 'glue/js/cli.mjs'), 'compile', source, '-o', path.join(scratch, `${name}.vmfb`), ...flags], { env });
}
const fns = [...readFileSync(source, 'utf8').matchAll(/func\.func @(\w+)\(([^)]*)\)/g)].map((m) => ({
  name: m[1],
  args: [...m[2].matchAll(/tensor<([0-9x]+)xf32>/g)].map((t) => t[1].split('x').map(Number)),
}));
const input = (shape, k) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { dtype: 'f32', shape, data: Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + k)) };
};
const rows = new Map(fns.map((f) => [f.name, {}]));
for (const threads of [1, 2]) {
  const rt = await Weft.create({ threads });
  for (const build of Object.keys(builds)) {
    const prog = await rt.load(path.join(scratch, `${build}.vmfb`));
    for (const { name, args } of fns) {
      const inputs = args.map(input);
      const { times, out } = await timeLoop(() => prog.call(name, inputs), { iters: 30, budgetMs: 3000 });
      const row = rows.get(name);
      row[`${build} ${threads}t`] = median(times);
      if (threads === 1) row[`${build} out`] = out[0].data;
    }
    await prog.unload();
  }
  await rt.close();
}
rmSync(scratch, { recursive: true, force: true });
const cols = ['compiler 1t', 'weft 1t', 'compiler 2t', 'weft 2t'];
console.log(`${'function'.padEnd(22)}${cols.map((c) => c.padStart(13)).join('')}  compiler/weft 1t  2t   max |diff|`);
for (const [name, r] of rows) {
  const diff = maxAbsDiff(r['weft out'], r['compiler out']);
  const ratio = (t) => (r[`compiler ${t}`] / r[`weft ${t}`]).toFixed(2);
  console.log(`${name.padEnd(22)}${cols.map((c) => r[c].toFixed(2).padStart(13)).join('')}  ${ratio('1t').padStart(16)} ${ratio('2t').padStart(4)}   ${diff.toExponential(1)}`);
}
console.log('(median ms per call; weights are inputs)');
