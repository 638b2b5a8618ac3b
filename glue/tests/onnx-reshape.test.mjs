// Issue 19: an ONNX Reshape whose shape is computed at run time may hold -1 ("infer this
// size"). iree-import-onnx passes the -1 on to tensor.reshape, so every size derived from the
// reshaped tensor is -1 at run time: the reference runtime crashes on such a program, and a Weft
// kernel routed there (the attention batch matmul of a Keras encoder exported with tf2onnx) got
// m = -1 and trapped. `weft compile` rewrites such shapes before importing
// (glue/target/onnx-reshapes.py). Here the shapes are inputs: Weft's builds, with and without
// its kernels, called with -1 in them, give what the reference runtime gives for the same
// program (host build, compiler only) called with the sizes written out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Weft } from '../js/weft.node.mjs';
import { root, values, compilerEnv } from './common.mjs';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'weft-onnx-reshape-'));
const venv = (tool) => path.join(root, '.venv/bin', tool);
const model = path.join(scratch, 'attention.onnx');

// Y = Reshape(q, qs) · Reshape(k, ks): a batched product of run-time shapes [B,M,64]·[B,64,N].
execFileSync(venv('python'), ['-c', `
import onnx
from onnx import helper as h, TensorProto as T
g = h.make_graph([h.make_node('Reshape', ['q', 'qs'], ['a']), h.make_node('Reshape', ['k', 'ks'], ['b']),
                  h.make_node('MatMul', ['a', 'b'], ['y'])], 'attention',
                 [h.make_tensor_value_info('q', T.FLOAT, ['nq']), h.make_tensor_value_info('k', T.FLOAT, ['nk']),
                  h.make_tensor_value_info('qs', T.INT64, [3]), h.make_tensor_value_info('ks', T.INT64, [3])],
                 [h.make_tensor_value_info('y', T.FLOAT, ['b', 'm', 'n'])])
onnx.save(h.make_model(g, opset_imports=[h.make_opsetid('', 17)]), ${JSON.stringify(model)})
`]);

function weft(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'glue/js/cli.mjs'), ...args], { cwd: root, env: compilerEnv }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
  });
}

const [B, M, N] = [4, 9, 11];
const q = values(B * M * 64, 3, -2, 2);
const k = values(B * 64 * N, 4, -2, 2);
const inputs = (qs, ks) => [
  { dtype: 'f32', shape: [q.length], data: q },
  { dtype: 'f32', shape: [k.length], data: k },
  { dtype: 'i64', shape: [3], data: BigInt64Array.from(qs, BigInt) },
  { dtype: 'i64', shape: [3], data: BigInt64Array.from(ks, BigInt) },
];

/** The reference: the model as imported (no rewrite), host build, sizes written out. */
function reference() {
  const mlir = path.join(scratch, 'attention.mlir');
  const host = path.join(scratch, 'attention.host.vmfb');
  execFileSync(venv('iree-import-onnx'), [model, '-o', mlir]);
  execFileSync(venv('iree-compile'), ['--iree-hal-target-device=local', '--iree-hal-local-target-device-backends=llvm-cpu', '--iree-llvmcpu-target-cpu=host', mlir, '-o', host]);
  const args = [`--module=${host}`, '--device=local-sync', '--function=attention'];
  for (const [i, t] of inputs([B, M, 64], [B, 64, N]).entries()) {
    const f = path.join(scratch, `in${i}.bin`);
    writeFileSync(f, new Uint8Array(t.data.buffer));
    args.push(`--input=${t.shape.join('x')}x${t.dtype}=@${f}`);
  }
  const out = path.join(scratch, 'out.bin');
  execFileSync(venv('iree-run-module'), [...args, `--output=@${out}`]);
  const b = readFileSync(out);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

test('a Reshape to a run-time shape with -1 feeding a routed batch matmul gives the reference result', async () => {
  const want = reference();
  // In a worker with a deadline: a kernel given a size of -1 loops for hours instead of failing.
  const rt = await Weft.create({ timeoutMs: 120_000 });
  for (const flags of [['--report'], ['--no-kernels']]) {
    const out = path.join(scratch, `attention${flags[0]}.vmfb`);
    const compiled = await weft(['compile', model, '-o', out, ...flags]);
    assert.equal(compiled.code, 0, compiled.stderr);
    if (flags[0] === '--report') assert.match(compiled.stdout, /weft_kernels::bmm\(tensor<\?x\?x\?xf32>, tensor<\?x\?x\?xf32>\)/);
    const program = await rt.load(out);
    try {
      for (const [qs, ks] of [[[B, M, 64], [B, 64, N]], [[B, -1, 64], [B, 64, -1]], [[-1, M, 64], [0, 64, N]]]) {
        const [y] = await program.call('attention', inputs(qs, ks));
        assert.deepEqual(y.shape, [B, M, N], `${flags[0]} ${qs} ${ks}`);
        for (let i = 0; i < want.length; i++) {
          assert.ok(Math.abs(y.data[i] - want[i]) <= 64 * 16 * 2 ** -23 * 4, `${flags[0]} ${qs} ${ks} [${i}]: Weft ${y.data[i]}, reference ${want[i]}`);
        }
      }
    } finally {
      await program.unload();
    }
  }
  await rt.close();
});
