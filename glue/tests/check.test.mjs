// `weft test` runs IREE-style self-checking programs (tests/programs/checks; the wasm32 builds on
// the CPU, the vulkan builds on the WebGPU device through Dawn): every function passes or fails
// exactly as its program declares (`// EXPECT-FAIL: name`), a failure names the check, and the
// exit code says whether anything failed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { root, programDirectives } from './common.mjs';
import { DAWN_ENV } from './gpu/dawn.mjs';

const cli = path.join(root, 'glue/js/cli.mjs');

function weftTest(module, flags, env) {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'test', `--module=${module}`, ...flags], { cwd: root, env }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
  });
}

test('weft test reports PASS/FAIL per function as each check program declares', () => checkPrograms('wasm32', [], process.env));

test('weft test --device=webgpu: the vulkan builds pass and fail as declared on the GPU', () => checkPrograms('vulkan', ['--device=webgpu'], DAWN_ENV));

async function checkPrograms(target, flags, env) {
  const programs = programDirectives('checks').filter((p) => target !== 'vulkan' || !p.vulkan_unsupported);
  assert.ok(programs.length >= 5);
  let functions = 0;
  let expectedFailures = 0;
  for (const program of programs) {
    const source = `${program.name}.mlir`;
    const mustFail = program.expect_fail.map((f) => f.function);
    const module = path.join(root, 'tests/build/checks', `${program.name}.${target}.vmfb`);
    const got = await weftTest(module, flags, env);
    const lines = got.stdout.split('\n').filter((l) => /^(PASS|FAIL) /.test(l));
    assert.ok(lines.length > 0, `${source}: no results\n${got.stderr}`);
    for (const line of lines) {
      const [, verdict, name] = /^(PASS|FAIL) ([^:\s]+)/.exec(line);
      const want = mustFail.includes(name) ? 'FAIL' : 'PASS';
      assert.equal(verdict, want, `${source} ${name}: ${line}`);
      if (verdict === 'FAIL') assert.match(line, /check\.expect_/, `${source} ${name}: a failure names the check`);
    }
    assert.deepEqual(lines.filter((l) => l.startsWith('FAIL')).map((l) => /^FAIL (\S+?):/.exec(l)[1]).sort(), [...mustFail].sort());
    assert.equal(got.code, mustFail.length > 0 ? 1 : 0, `${source}: exit code`);
    functions += lines.length;
    expectedFailures += mustFail.length;
  }
  assert.ok(functions >= 15 && expectedFailures >= 5, `${functions} functions, ${expectedFailures} expected failures`);
}
