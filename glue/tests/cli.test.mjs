// The `weft` command prints what iree-run-module printed for every recorded call of
// tests/programs/vm (tests/build/vm/*.oracle.json keeps its argv, stdout and exit code).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { root, oraclePrograms, cliMismatch } from './common.mjs';

const cli = path.join(root, 'glue/js/cli.mjs');

function run(file, args) {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: root }, (error, stdout, stderr) => resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
  });
}

test('weft run prints what iree-run-module prints, for every recorded call', async () => {
  const cases = [];
  for (const p of oraclePrograms('vm')) {
    for (const run of p.oracle.runs) {
      for (const call of run.calls.filter((c) => c.iree_run_module)) {
        // Same flags as recorded, with the module path taken from the recording.
        const argv = call.iree_run_module.argv.slice(1);
        cases.push({ p, call, argv });
      }
    }
  }
  const failures = [];
  // A few processes at a time: each starts Node, a worker and the runtime.
  for (let i = 0; i < cases.length; i += 4) {
    await Promise.all(cases.slice(i, i + 4).map(async ({ p, call, argv }) => {
      const got = await run(process.execPath, [cli, 'run', ...argv]);
      const what = `weft run ${argv.join(' ')}`;
      const m = cliMismatch(p, call, got);
      if (m) failures.push(`${what}: ${m}`);
    }));
  }
  assert.ok(cases.length >= 200);
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} differ`);
});

test('npx weft (the package bin) runs and inspects from the repository root', async () => {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const r = await run(npx, ['--no-install', 'weft', 'run', '--module=tests/build/vm/i32_arith.vmvx.vmfb', '--function=arith', '--input=7', '--input=3']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^EXEC @arith\nresult\[0\]: i32=/);
  const i = await run(npx, ['--no-install', 'weft', 'inspect', 'tests/build/linker/matmul.wasm32.vmfb']);
  assert.equal(i.code, 0, i.stderr);
  assert.match(i.stdout, /module name: 'module'/);
  assert.match(i.stdout, /executable formats: system-wasm-wasm_32/);
  assert.match(i.stdout, /matmul\(input0: tensor<32x24xf32>, input1: tensor<24x16xf32>\) -> tensor<32x16xf32>/);
});

test('weft reports bad programs on stderr with exit code 1, usage errors with 2', async () => {
  const bad = await run(process.execPath, [cli, 'run', '--module=README.md', '--function=f']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^Error: malformed \.vmfb/);
  const usage = await run(process.execPath, [cli, 'frobnicate']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown command 'frobnicate'.*usage:/s);
  const flag = await run(process.execPath, [cli, 'run', '--module=x', '--function=f', '--output=@o.npy']);
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /Unknown option '--output'/);
  assert.equal((await run(process.execPath, [cli])).code, 2);
});

test('weft --help and --version answer on stdout with exit code 0', async () => {
  for (const args of [['--help'], ['-h'], ['help']]) {
    const r = await run(process.execPath, [cli, ...args]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^usage: weft <command>/);
    for (const command of ['run', 'inspect', 'compile', 'test']) assert.match(r.stdout, new RegExp(`^  ${command} `, 'm'));
  }
  const { version, name } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const v = await run(process.execPath, [cli, '--version']);
  assert.equal(v.code, 0, v.stderr);
  assert.equal(v.stdout, `${name} ${version} (runs programs of IREE 3.13.0)\n`);
  const c = await run(process.execPath, [cli, 'compile', '--help']);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /^usage: weft compile MODEL\.mlir/);
});
