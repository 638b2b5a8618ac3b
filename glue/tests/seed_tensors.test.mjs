// The seed-compatible API (iree_api.mjs) on tensor programs: every recorded single call of the
// hal suite (vmvx builds) and of the corpus (wasm32 builds) whose results are all tensors goes
// through ireeCallFunction with the same --input texts; each output must be the tensor text
// iree-run-module printed for it (the seed formatted buffer views the same way, every element).
// Calls the reference rejected must reject with an Error. Scalar programs: vm_oracle.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as iree from '../js/iree_api.node.mjs';
import { oraclePrograms, samePrinted, programDirectives } from './common.mjs';

// `// KNOWN-WASM32-DIFFERENCE:` functions of a corpus program (corpus_oracle.test.mjs lists them).
const directives = new Map(programDirectives('corpus').map((p) => [p.name, p]));

function knownWasm32(p) {
  return directives.get(p.name).known_wasm32_differences.map((d) => d.function);
}

// The tensor texts iree-run-module printed, or null when a result is not a tensor or is elided.
function printedTensors(stdout) {
  const blocks = stdout.split(/^result\[\d+\]: /m).slice(1);
  const out = [];
  for (const b of blocks) {
    const m = /^hal\.buffer_view\n([\s\S]*?)\n?$/.exec(b);
    if (!m || m[1].includes('...')) return null;
    out.push(m[1]);
  }
  return out;
}

const programs = [
  ...oraclePrograms('hal', 'vmvx'),
  ...oraclePrograms('corpus', 'wasm32').filter((p) => p.ulp === 0),
].filter((p) => !p.loadError);

test('ireeCallFunction on tensor programs prints what iree-run-module printed', async () => {
  await iree.ireeInitializeWorker();
  let compared = 0, rejected = 0;
  const failures = [];
  for (const p of programs) {
    const skip = p.module.includes('/corpus/') ? knownWasm32(p) : [];
    for (const run of p.oracle.runs.filter((r) => r.calls.length === 1)) {
      const call = run.calls[0];
      const ref = call.iree_run_module;
      if (!ref || skip.includes(call.function) || p.defects.some((d) => d.startsWith(`${call.function}#`))) continue;
      const state = await iree.ireeLoadProgram(new Uint8Array(readFileSync(p.module)).buffer);
      const what = `${path.basename(p.module)} ${call.function}(${call.inputs.join(', ')})`;
      try {
        if (ref.exit_code !== 0) {
          await assert.rejects(iree.ireeCallFunction(state, call.function, call.inputs), Error, what);
          rejected++;
          continue;
        }
        const want = printedTensors(ref.stdout);
        if (!want || want.length === 0) continue;
        const out = await iree.ireeCallFunction(state, call.function, call.inputs);
        const got = out.outputs.split(';');
        if (got.length !== want.length || !got.every((g, i) => samePrinted(g, want[i]))) {
          failures.push(`${what}: ${out.outputs}, reference ${want.join(';')}`);
        }
        compared++;
      } finally {
        await iree.ireeUnloadProgram(state);
      }
    }
  }
  console.log(`seed API: ${compared} tensor calls compared with iree-run-module, ${rejected} rejected as the reference did`);
  assert.ok(compared >= 100, `only ${compared} tensor calls`);
  assert.deepEqual(failures, [], `${failures.length} of ${compared} differ`);
});
