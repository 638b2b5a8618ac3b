// Routing correctness (tests/programs/routing): each program is compiled here with
// `weft compile --report` (Weft's kernels) and with `--no-kernels`; the report must name what
// the program's REPORT lines say (routed ops with their operand types; ops left to the compiler
// with the reason), and every CALL line (the function and its argument types, random f32 inputs)
// must give, in both Weft builds, what the reference runtime gives for the program's host build
// (tests/build/routing, compiler only), within float rounding of the different summation orders.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Weft } from '../js/weft.node.mjs';
import { root, requireFile, values, compilerEnv, programDirectives } from './common.mjs';

const suite = path.join(root, 'tests/programs/routing');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'weft-routing-'));

function weft(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'glue/js/cli.mjs'), ...args], { cwd: root, env: compilerEnv }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
  });
}

/** The reference runtime on the host build: one f32 result (written as .npy: shape and data). */
function reference(vmfb, fn, inputs) {
  const args = [`--module=${vmfb}`, '--device=local-sync', `--function=${fn}`];
  inputs.forEach((t, i) => {
    const f = path.join(scratch, `in${i}.bin`);
    writeFileSync(f, new Uint8Array(t.data.buffer));
    args.push(`--input=${t.shape.join('x')}x${t.dtype}=@${f}`);
  });
  const out = path.join(scratch, 'out.npy');
  execFileSync(path.join(root, '.venv/bin/iree-run-module'), [...args, `--output=@${out}`]);
  const b = readFileSync(out);
  const headerLength = b.readUInt16LE(8);
  const header = b.subarray(10, 10 + headerLength).toString('latin1');
  assert.match(header, /'descr': '<f4'/);
  const shape = /'shape': \(([^)]*)\)/.exec(header)[1].split(',').map((d) => d.trim()).filter(Boolean).join('x');
  const data = b.subarray(10 + headerLength);
  return { shape, data: new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)) };
}

const normal = (line) => line.trim().replace(/\s+/g, ' ');

for (const program of programDirectives('routing')) {
  const { name } = program;
  const file = `${name}.mlir`;
  const expected = program.reports.map(normal);
  const calls = program.shaped_calls.map((c) => ({
    fn: c.function,
    args: c.args.map((t) => {
      const [, dims, dtype] = /^((?:\d+x)*)(\w+)$/.exec(t);
      return { shape: dims.split('x').filter(Boolean).map(Number), dtype };
    }),
  }));

  test(`routing/${name}: --report, and every call with and without Weft's kernels matches the reference`, async () => {
    const host = requireFile(path.join(root, `tests/build/routing/${name}.host.vmfb`));
    const builds = {};
    for (const [label, flags] of [['kernels', ['--report']], ['no-kernels', ['--no-kernels', '--report']]]) {
      builds[label] = path.join(scratch, `${name}.${label}.vmfb`);
      const compiled = await weft(['compile', path.join(suite, file), '-o', builds[label], ...flags]);
      assert.equal(compiled.code, 0, compiled.stderr);
      const report = compiled.stdout.trim().split('\n');
      if (label === 'kernels') {
        const routed = expected.filter((l) => l.startsWith('weft ')).length;
        const kept = expected.length - routed;
        assert.match(report[0], new RegExp(`^weft compile: ${routed} ops? routed to Weft's kernels, ${kept} heavy ops? left`));
        assert.deepEqual(report.slice(1).map(normal).sort(), [...expected].sort());
      } else {
        assert.match(report[0], /^weft compile: 0 ops routed to Weft's kernels/);
      }
    }
    const rt = await Weft.create({ timeoutMs: 120_000 });
    try {
      const programs = { kernels: await rt.load(builds.kernels), 'no-kernels': await rt.load(builds['no-kernels']) };
      let seed = 11;
      for (const { fn, args } of calls) {
        const inputs = args.map(({ shape, dtype }) => {
          assert.equal(dtype, 'f32', `${fn}: CALL arguments are f32`);
          return { dtype, shape, data: values(shape.reduce((a, b) => a * b, 1), seed++, -2, 2) };
        });
        const want = reference(host, fn, inputs);
        // Products of values below 2 in magnitude, summed in different orders: a bound relative to
        // the largest result (a wrong index or size gives errors of the results' own size).
        const scale = want.data.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
        for (const [label, program] of Object.entries(programs)) {
          const what = `${label} ${fn}(${args.map((a) => a.shape.join('x')).join(', ')})`;
          const [got] = await program.call(fn, inputs);
          assert.equal(got.shape.join('x'), want.shape, `${what}: result shape`);
          for (let i = 0; i < want.data.length; i++) {
            assert.ok(Math.abs(got.data[i] - want.data[i]) <= 1e-5 * scale, `${what}[${i}]: Weft ${got.data[i]}, reference ${want.data[i]}`);
          }
        }
      }
    } finally {
      await rt.close();
    }
  });
}
