// `weft compile` with Weft's kernels on tests/programs/kernels/patterns.mlir, compiled here at test
// time: the report lists what was routed where, and every function run by Weft (routed ops in
// Weft's kernel module, bound at load) agrees with the program's host build (the compiler's
// kernels only, no spec) run by the reference runtime iree-run-module, on random inputs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Weft } from '../js/weft.node.mjs';
import { root, requireFile, values, compilerEnv } from './common.mjs';

const cli = path.join(root, 'glue/js/cli.mjs');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'weft-kernel-routing-'));

function weft(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: root, env: compilerEnv }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
  });
}

const TYPED = { f32: Float32Array, i8: Int8Array, i32: Int32Array };

/** iree-run-module on the host build: inputs {dtype, shape, data} -> the one result's data. */
function referenceRun(vmfb, fn, inputs, resultType) {
  const args = [`--module=${vmfb}`, '--device=local-sync', `--function=${fn}`];
  inputs.forEach((t, i) => {
    const f = path.join(scratch, `${fn}.in${i}.bin`);
    writeFileSync(f, new Uint8Array(t.data.buffer));
    args.push(`--input=${t.shape.join('x')}x${t.dtype}=@${f}`);
  });
  const out = path.join(scratch, `${fn}.out.bin`);
  execFileSync(path.join(root, '.venv/bin/iree-run-module'), [...args, `--output=@${out}`]);
  const b = readFileSync(out);
  return new TYPED[resultType](b.buffer, b.byteOffset, b.byteLength / TYPED[resultType].BYTES_PER_ELEMENT);
}

// Argument shapes and types, and the result type, of each function of the program.
function signatures(source) {
  return [...source.matchAll(/func\.func @(\w+)\(([^)]*)\) -> tensor<[0-9x]+x(\w+)>/g)].map((m) => ({
    name: m[1],
    args: [...m[2].matchAll(/tensor<([0-9x]+)x(\w+)>/g)].map((t) => ({ shape: t[1].split('x').map(Number), dtype: t[2] })),
    result: m[3],
  }));
}

/** Random inputs: f32 in [-2, 2), i8 over its whole range. */
function input({ shape, dtype }, seed) {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === 'i8' ? Int8Array.from(values(n, seed, -128, 128), Math.floor) : values(n, seed, -2, 2);
  return { dtype, shape, data };
}

test('weft compile routes the patterns to Weft kernels and the program agrees with the compiler-only build', async () => {
  const source = path.join(root, 'tests/programs/kernels/patterns.mlir');
  const host = requireFile(path.join(root, 'tests/build/kernels/patterns.host.vmfb'));
  const out = path.join(scratch, 'patterns.vmfb');
  const compiled = await weft(['compile', source, '-o', out, '--report']);
  assert.equal(compiled.code, 0, compiled.stderr);
  const report = compiled.stdout.trim().split('\n');
  assert.equal(report[0], "weft compile: 18 ops routed to Weft's kernels, 1 heavy op left to the compiler's kernels");
  assert.deepEqual(report.slice(1).map((l) => l.trim().replace(/\s+/g, ' ')).sort(), [
    "compiler linalg.conv_2d_nhwc_hwcf(tensor<1x10x10x3xf32>, tensor<3x3x3x4xf32>): stride 3: Weft's convolution kernels take stride 1 or 2 (the same both ways)",
    'weft weft_kernels::bmm(tensor<3x5x7xf32>, tensor<3x7x12xf32>)',
    'weft weft_kernels::conv1x1(tensor<1x6x5x3xf32>, tensor<4x6x1x1xf32>, tensor<4xf32>)',
    'weft weft_kernels::conv2d(tensor<1x3x26x26xf32>, tensor<2x3x7x7x4xf32>, tensor<8xf32>)', // weights packed as [⌈F/4⌉,C,KH,KW,4]
    'weft weft_kernels::conv2d(tensor<1x4x11x12xf32>, tensor<3x4x3x3x4xf32>, tensor<10xf32>)',
    'weft weft_kernels::conv2d_nhwc(tensor<1x11x12x4xf32>, tensor<3x3x3x4x4xf32>, tensor<10xf32>)', // padded activation, HWCF weights packed as [⌈F/4⌉,KH,KW,C,4]
    'weft weft_kernels::conv2d_nhwc(tensor<1x11x15x2xf32>, tensor<3x3x3x2x4xf32>, tensor<12xf32>)',
    'weft weft_kernels::conv2d_nhwc(tensor<1x9x9x5xf32>, tensor<2x1x1x5x4xf32>, tensor<8xf32>)',
    'weft weft_kernels::dwconv3x3(tensor<1x2x23x23xf32>, tensor<2x3x3xf32>, tensor<2xf32>)',
    'weft weft_kernels::dwconv3x3(tensor<1x3x11x13xf32>, tensor<3x3x3xf32>, tensor<3xf32>)',
    'weft weft_kernels::dwconv3x3_nhwc(tensor<1x11x13x3xf32>, tensor<3x3x3xf32>, tensor<3xf32>)', // HWIO [3,3,1,C] collapsed
    'weft weft_kernels::dwconv3x3_nhwc(tensor<1x21x21x8xf32>, tensor<3x3x8xf32>, tensor<8xf32>)',
    'weft weft_kernels::linear_nt(tensor<1x64xf32>, tensor<100x64xf32>, tensor<100xf32>)',
    'weft weft_kernels::linear_nt(tensor<2x3xf32>, tensor<5x3xf32>, tensor<5xf32>)', // + ReLU
    'weft weft_kernels::linear_nt(tensor<3x37xf32>, tensor<13x37xf32>, tensor<13xf32>)', // + ReLU
    'weft weft_kernels::linear_nt(tensor<4x8xf32>, tensor<5x8xf32>, tensor<5xf32>)', // a 2-D matmul: W transposed, zero bias
    'weft weft_kernels::linear_packed(tensor<1x5x3x6xf32>, tensor<9x6x8xf32>, tensor<70xf32>)', // NHWC 1×1: X[H·W,C]·W[C,F] packed as [⌈F/8⌉,C,8]
    'weft weft_kernels::linear_packed(tensor<1x9x6xf32>, tensor<2x6x8xf32>, tensor<11xf32>)',
    'weft weft_kernels::matmul_i8i32(tensor<5x9xi8>, tensor<9x12xi8>)',
  ]);

  const rt = await Weft.create({ worker: false });
  const program = await rt.load(out);
  try {
    const fns = signatures(readFileSync(source, 'utf8'));
    assert.equal(fns.length, 19);
    let seed = 7;
    for (const { name, args, result } of fns) {
      const inputs = args.map((a) => input(a, seed++));
      const [got] = await program.call(name, inputs);
      const want = referenceRun(host, name, inputs, result);
      assert.equal(got.data.length, want.length, name);
      if (result === 'i32') {
        assert.deepEqual(Array.from(got.data), Array.from(want), `${name}: integer results differ`);
        continue;
      }
      // Terms per output: channels (pointwise), 9 taps (depthwise), C·KH·KW (dense), K (products).
      const terms = {
        pointwise_conv: args[0].shape[1], depthwise_s1: 9, depthwise_s2: 9, conv3x3: 4 * 9, conv7x7_s2: 3 * 49,
        nhwc_depthwise_s1: 9, nhwc_depthwise_s2: 9, nhwc_conv3x3: 4 * 9, nhwc_conv3x3_s2: 2 * 9, nhwc_conv3x3_s3: 3 * 9,
      }; // NHWC pointwise and 1×1 stride 2: C, the last dimension
      const k = terms[name] ?? args[0].shape.at(-1);
      for (let i = 0; i < want.length; i++) {
        // Both sum k products of values below 4 in magnitude, in different orders.
        const tol = k * 16 * 2 ** -23 * 4;
        assert.ok(Math.abs(got.data[i] - want[i]) <= tol, `${name}[${i}]: Weft ${got.data[i]}, reference ${want[i]} (±${tol})`);
      }
    }
  } finally {
    await program.unload();
  }
});

test('weft compile --no-kernels leaves every op to the compiler', async () => {
  const out = path.join(scratch, 'patterns-plain.vmfb');
  const compiled = await weft(['compile', path.join(root, 'tests/programs/kernels/patterns.mlir'), '-o', out, '--report', '--no-kernels']);
  assert.equal(compiled.code, 0, compiled.stderr);
  assert.match(compiled.stdout, /^weft compile: 0 ops routed to Weft's kernels, 19 heavy ops left to the compiler's kernels$/m);
});
