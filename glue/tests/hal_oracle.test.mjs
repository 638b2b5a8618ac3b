// Every recorded call of tests/programs/hal and ukernels (tensor programs) through the typed
// API with tensors in a worker, and through the weft CLI: results and printed text must be the
// reference runtime's (tests/build/hal/*.oracle.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Weft } from '../js/weft.node.mjs';
import { root, oraclePrograms, runOracle, cliMismatch } from './common.mjs';

// Tensor programs: VMVX builds, and the vmvx-ukernels builds (VMVX executables that import
// the vmvx microkernel module).
const suites = [['hal', 'vmvx'], ['hal', 'vmvx-ukernels'], ['ukernels', 'vmvx-ukernels']];
const programs = suites.flatMap(([suite, target]) => oraclePrograms(suite, target).map((p) => ({ ...p, name: `${suite}/${p.name}.${target}` })));

test('typed API with tensors matches the reference runtime on every hal and ukernels program', async () => {
  const rt = await Weft.create();
  try {
    const { failures, calls } = await runOracle(rt, programs);
    assert.ok(calls >= 40, `only ${calls} calls`);
    assert.deepEqual(failures, [], `${failures.length} of ${calls} calls differ`);
  } finally {
    await rt.close();
  }
});

function run(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'glue/js/cli.mjs'), ...args], { cwd: root }, (error, stdout, stderr) => resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
  });
}

test('weft run prints what iree-run-module prints for every hal and ukernels program call', async () => {
  // Single-call runs carry iree-run-module's output; run the same flags on the vmvx build.
  const cases = programs.flatMap((p) => p.oracle.runs.flatMap((r) => r.calls.filter((c) => c.iree_run_module).map((call) => ({ p, call }))));
  const failures = [];
  for (let i = 0; i < cases.length; i += 4) {
    await Promise.all(cases.slice(i, i + 4).map(async ({ p, call }) => {
      const ref = call.iree_run_module;
      const argv = ref.argv.slice(1).map((a) => (a.startsWith('--module=') ? `--module=${path.relative(root, p.module)}` : a));
      const got = await run(['run', ...argv]);
      const what = `weft run ${argv.join(' ')}`;
      const m = cliMismatch(p, call, got);
      if (m) failures.push(`${what}: ${m}`);
    }));
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} differ`);
});

// A .npy file (version 1.0) of a little-endian f32/i32 array.
function npy(dtype, shape, data) {
  const descr = { f32: '<f4', i32: '<i4' }[dtype];
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const bytes = new Uint8Array(10 + header.length + data.byteLength);
  bytes.set([0x93, ...Buffer.from('NUMPY'), 1, 0, header.length & 255, header.length >> 8]);
  bytes.set(Buffer.from(header, 'latin1'), 10);
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return bytes;
}

test('weft run reads --input=@file.npy like iree-run-module', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const os = await import('node:os');
  const { execFileSync } = await import('node:child_process');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-npy-'));
  const a = path.join(dir, 'a.npy'), b = path.join(dir, 'b.npy');
  writeFileSync(a, npy('f32', [4], new Float32Array([1.5, -2, 1e30, 0.25])));
  writeFileSync(b, npy('f32', [4], new Float32Array([10, 20, 30, 40])));
  const args = ['--module=tests/build/hal/add.vmvx.vmfb', '--function=add', `--input=@${a}`, `--input=@${b}`];
  const want = execFileSync(path.join(root, '.venv/bin/iree-run-module'), args, { cwd: root, encoding: 'utf8' });
  const got = await run(['run', ...args]);
  assert.equal(got.code, 0, got.stderr);
  assert.equal(got.stdout, want);
  const bad = await run(['run', '--module=tests/build/hal/add.vmvx.vmfb', '--function=add', `--input=@${path.join(dir, 'x.bin')}`]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /only \.npy files/);
});
