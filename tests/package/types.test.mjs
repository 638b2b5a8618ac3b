// The package's types as TypeScript users meet them: a small consumer, type-checked with
// `tsc --noEmit --strict` against the installed tarball under nodenext, bundler and node10
// module resolution, with `lib: ["es2022", "dom"]` and with `lib: ["es2022"]` + @types/node.
// A second consumer with a type error must fail, so the check can fail.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { project, run } from './harness.mjs';

const CONSUMER = `
import { Weft, WeftError, tensor, isTensor } from 'weft-runtime';
import type { Runtime, Program, Tensor, Value, LoadProgress, ErrorCode, RuntimeInfo } from 'weft-runtime';
import { ireeInitializeWorker, ireeLoadProgram, ireeCallFunction } from 'weft-runtime/iree_api';

export async function main(url: string): Promise<number> {
  const rt: Runtime = await Weft.create({ threads: 2, cache: 'revalidate', logLevel: 'info', timeoutMs: 5000 });
  const stages: LoadProgress['stage'][] = [];
  const program: Program = await rt.load(url, { onProgress: (p) => stages.push(p.stage) });
  const x: Tensor<'f32'> = tensor('f32', [2, 2], [1, 2, 3, 4]);
  const [y] = await program.call<[Tensor<'f32'>]>('fc', [x, 1.5, 2n], { timeoutMs: 100 });
  const sum: number = y.data.reduce((a, b) => a + b, 0);
  const results: Value[] = await program.call('fc', [x]);
  const first = results[0];
  if (isTensor(first)) first.shape.map((d) => d * 2);
  const info: RuntimeInfo = await rt.info();
  try {
    await program.unload();
  } catch (e) {
    if (e instanceof WeftError) {
      const code: ErrorCode = e.code;
      console.log(code, e.message);
    }
  }
  await ireeInitializeWorker();
  const p = await ireeLoadProgram('x.vmfb');
  const out: { total_invoke_time_ms: number; outputs: string } = await ireeCallFunction(p, 'f', ['1'], 2);
  await rt.close();
  return sum + info.threads + out.outputs.length + stages.length;
}
`;

// Must not type-check: the wrong typed array for the dtype, an unknown option, a bad code.
const WRONG = `
import { Weft, tensor } from 'weft-runtime';
import type { Tensor, ErrorCode } from 'weft-runtime';
const t: Tensor<'f32'> = { dtype: 'f32', shape: [1], data: new Int32Array(1) };
const code: ErrorCode = 'OOPS';
Weft.create({ thread: 2 });
tensor('f32', [1]).data.fill(0n);
`;

const CONFIGS = {
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
  node10: { module: 'commonjs', moduleResolution: 'node10' },
};
const LIBS = { dom: { lib: ['es2022', 'dom'], types: [] }, node: { lib: ['es2022'], types: ['node'] } };

test('a consumer type-checks under nodenext, bundler and node10, with and without the DOM', async () => {
  const p = await project(null, ['typescript@5.9.3', '@types/node@20.19.43']);
  try {
    writeFileSync(path.join(p.dir, 'consumer.ts'), CONSUMER);
    writeFileSync(path.join(p.dir, 'wrong.ts'), WRONG);
    for (const [resolution, modules] of Object.entries(CONFIGS)) {
      for (const [libName, libs] of Object.entries(LIBS)) {
        for (const file of ['consumer.ts', 'wrong.ts']) {
          const config = path.join(p.dir, `tsconfig.${resolution}.${libName}.${file}.json`);
          writeFileSync(config, JSON.stringify({ compilerOptions: { ...modules, ...libs, target: 'es2022', strict: true, noEmit: true, skipLibCheck: false }, files: [file] }));
          const r = await run(path.join(p.dir, 'node_modules/.bin/tsc'), ['-p', config], { cwd: p.dir });
          const what = `${file} with ${resolution} resolution and lib ${libs.lib.join('+')}${libs.types.length ? ' + @types/node' : ''}`;
          if (file === 'consumer.ts') {
            assert.equal(r.code, 0, `${what}:\n${r.stdout}${r.stderr}`);
          } else {
            assert.notEqual(r.code, 0, `${what} type-checked`);
            for (const error of [/Int32Array.*(is not assignable|not assignable)/s, /"OOPS"/, /'thread' does not exist/, /bigint/]) assert.match(r.stdout, error, what);
          }
        }
      }
    }
  } finally {
    p.cleanup();
  }
});
