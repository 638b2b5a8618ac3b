// The differential corpus (tests/programs/corpus) through the glue: every wasm32 build (llvm-cpu
// kernels as wasm side modules, loaded by the system-wasm-wasm_32 loader) runs every recorded call
// through the typed API in a worker, compared with the reference runtime's results for the host
// build of the same source (tests/build/corpus/*.oracle.json, `// ULP: N` tolerances).
//
// `// KNOWN-WASM32-DIFFERENCE: <function>: <why>` marks a function whose wasm32 calls are known to
// differ (a finding not yet fixed, or a decision README "Known differences" explains). They are not
// counted as passing: each must still differ (the test fails once it matches) and is listed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Weft } from '../js/weft.node.mjs';
import { root, oraclePrograms, runOracle, cliMismatch, programDirectives, knownDifferences } from './common.mjs';

const programs = oraclePrograms('corpus', 'wasm32');

const directives = new Map(programDirectives('corpus').map((p) => [p.name, p]));

function knownWasm32Differences(name) {
  return directives.get(name).known_wasm32_differences.map((d) => d.function);
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
      const split = knownDifferences(p.name, f, knownWasm32Differences(p.name), 'KNOWN-WASM32-DIFFERENCE');
      failures.push(...split.stale, ...split.rest);
      known.push(...split.known);
    }
  } finally {
    await rt.close();
  }
  console.log(`${programs.length} wasm32 corpus builds, ${calls} calls compared; ${known.length} known differences (not passes):\n  ${known.join('\n  ')}`);
  assert.deepEqual(failures, [], `${failures.length} of ${calls} calls differ`);
});

// `npx weft run` on each wasm32 build prints what iree-run-module printed for the x86 build of
// the same source, for every recorded single call.
test('weft run on the wasm32 builds prints what iree-run-module printed for the x86 builds', async () => {
  const cli = path.join(root, 'glue/js/cli.mjs');
  const run = (args) => new Promise((resolve) => {
    execFile(process.execPath, [cli, 'run', ...args], { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
  });
  const cases = [];
  for (const p of programs) {
    const known = knownWasm32Differences(p.name);
    for (const r of p.oracle.runs.filter((r) => r.calls.length === 1)) {
      const call = r.calls[0];
      const argv = call.iree_run_module?.argv;
      if (!argv || known.includes(call.function)) continue;
      if (!argv.some((a) => a.endsWith('.host.vmfb'))) continue; // recorded on the x86 build
      cases.push({ p, call, args: argv.slice(1).map((a) => a.replace(/\.host\.vmfb$/, '.wasm32.vmfb')) });
    }
  }
  const failures = [];
  for (let i = 0; i < cases.length; i += 4) {
    await Promise.all(cases.slice(i, i + 4).map(async ({ p, call, args }) => {
      const m = cliMismatch(p, call, await run(args));
      if (m) failures.push(`weft run ${args.join(' ')}: ${m}`);
    }));
  }
  console.log(`${cases.length} single calls of wasm32 corpus builds through weft run`);
  assert.ok(cases.length >= 80, `only ${cases.length} single calls`);
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} differ`);
});
