// The differential corpus (tests/programs/corpus) through the glue: every wasm32 build (llvm-cpu
// kernels as wasm side modules, loaded by the system-wasm-wasm_32 loader) runs every recorded call
// through the typed API in a worker, compared with the reference runtime's results for the host
// build of the same source (tests/build/corpus/*.oracle.json, `// ULP: N` tolerances).
//
// `// KNOWN-WASM32-DIFFERENCE: <function>: <why>` marks a function whose wasm32 calls are known to
// differ (a finding not yet fixed, e.g. the f16 helper defect of REFERENCES.md 11). They are not
// counted as passing: each must still differ (the test fails once it matches) and is listed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Weft } from '../js/weft.mjs';
import { root, oraclePrograms, runOracle } from './common.mjs';

const programs = oraclePrograms('corpus', 'wasm32');

function knownDifferences(name) {
  const source = readFileSync(path.join(root, 'tests/programs/corpus', `${name}.mlir`), 'utf8');
  return [...source.matchAll(/^\/\/ KNOWN-WASM32-DIFFERENCE:\s*(\S+?):/gm)].map((m) => m[1]);
}

test('every wasm32 corpus build matches the reference runtime through the glue', async () => {
  assert.ok(programs.length >= 80, `only ${programs.length} wasm32 corpus builds`);
  const rt = await Weft.create();
  const failures = [];
  const known = [];
  let calls = 0;
  try {
    for (const p of programs) {
      let f, n;
      try {
        ({ failures: f, calls: n } = await runOracle(rt, [p]));
      } catch (e) {
        // The program did not load: one failure per function its RUN lines call.
        const functions = [...new Set(p.oracle.runs.flatMap((r) => r.calls.map((c) => c.function)))];
        f = functions.map((fn) => `${p.name} load, then ${fn}(...): ${e.message.split('. ')[0]}`);
        n = functions.length;
      }
      calls += n;
      let rest = f;
      for (const fn of knownDifferences(p.name)) {
        const mine = rest.filter((m) => m.includes(` ${fn}(`));
        rest = rest.filter((m) => !m.includes(` ${fn}(`));
        if (mine.length === 0) failures.push(`${p.name}: ${fn} now matches the reference; remove its KNOWN-WASM32-DIFFERENCE line`);
        else known.push(`${p.name}.${fn}: ${mine[0].split('\n')[0]}`);
      }
      failures.push(...rest);
    }
  } finally {
    await rt.close();
  }
  console.log(`${programs.length} wasm32 corpus builds, ${calls} calls compared; ${known.length} known differences (not passes):\n  ${known.join('\n  ')}`);
  assert.deepEqual(failures, [], `${failures.length} of ${calls} calls differ`);
});
