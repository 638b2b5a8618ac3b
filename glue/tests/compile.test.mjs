// `weft compile` builds a program Weft runs in wasm32 with the same results the reference
// runtime recorded for the program's vmvx build (tests/build/samples/*.oracle.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, oraclePrograms, cliMismatch } from './common.mjs';

const cli = path.join(root, 'glue/js/cli.mjs');

function run(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
  });
}

test('weft compile makes a wasm32 program that runs as the reference ran its source', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'weft-compile-test-'));
  try {
    const programs = oraclePrograms('samples');
    assert.ok(programs.length >= 3, 'the samples are compiled and recorded by run-all first');
    for (const p of programs) {
      const out = path.join(dir, `${p.name}.vmfb`);
      const compiled = await run(['compile', path.join(root, 'tests/programs/samples', `${p.name}.mlir`), '-o', out]);
      assert.equal(compiled.code, 0, compiled.stderr);
      for (const call of p.oracle.runs.flatMap((r) => r.calls).filter((c) => c.iree_run_module)) {
        const flags = call.iree_run_module.argv.slice(1).filter((a) => !a.startsWith('--module='));
        const got = await run(['run', `--module=${out}`, ...flags]);
        const m = cliMismatch(p, call, got);
        assert.equal(m, null, `${p.name} ${flags.join(' ')}: ${m}`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('weft compile names a missing or unsupported input', async () => {
  const missing = await run(['compile', 'nope.mlir', '-o', '/tmp/x.vmfb']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /nope\.mlir does not exist/);
  const wrong = await run(['compile', 'README.md', '-o', '/tmp/x.vmfb']);
  assert.match(wrong.stderr, /expected an \.mlir, \.mlirbc or \.onnx file/);
});
