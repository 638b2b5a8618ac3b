// The fused forms of the transform spec on ONNX models built here (constant weights, as exported
// models have them): MobileNetV2's blocks (Conv + Clip(0, 6) as ReLU6, depthwise + Clip, the
// projection + residual Add), ResNet's (Conv + Relu, Conv + Add(shortcut, conv)), BERT's
// (MatMul + Add + GELU written with Erf, MatMul + Add + residual Add, softmax(scores · scale +
// mask) and a plain Softmax). Each model is compiled with `weft compile --report` (the report
// must name the fused entries) and `--no-kernels`; both builds are compared with the reference
// runtime on the same model imported and built for the host by the compiler alone. Channel
// counts are odd and past the kernels' panels, so every tile edge takes the epilogue.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Weft } from '../js/weft.node.mjs';
import { root, values, compilerEnv } from './common.mjs';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'weft-fused-'));
const venv = (tool) => path.join(root, '.venv/bin', tool);

execFileSync(venv('python'), ['-c', `
import numpy as np, onnx
from onnx import helper as h, TensorProto as T, numpy_helper as nh
r = np.random.default_rng(5)
def model(name, nodes, inputs, weights, out_shape):
    inits = [nh.from_array(np.asarray(v, np.float32), k) for k, v in weights.items()]
    g = h.make_graph(nodes, name, [h.make_tensor_value_info(k, T.FLOAT, s) for k, s in inputs],
                     [h.make_tensor_value_info('y', T.FLOAT, out_shape)], inits)
    m = h.make_model(g, opset_imports=[h.make_opsetid('', 17)])
    m.ir_version = 8
    onnx.save(m, ${JSON.stringify(scratch)} + '/' + name + '.onnx')
w = lambda *s: r.uniform(-0.5, 0.5, s)
relu6 = {'lo': np.float32(0), 'hi': np.float32(6)}
# MobileNetV2's inverted residual: 1x1 expand + ReLU6, depthwise 3x3 + ReLU6, 1x1 project + x.
model('mobilenet_block', [
    h.make_node('Conv', ['x', 'we', 'be'], ['e']), h.make_node('Clip', ['e', 'lo', 'hi'], ['e6']),
    h.make_node('Conv', ['e6', 'wd', 'bd'], ['d'], group=13, pads=[1, 1, 1, 1]), h.make_node('Clip', ['d', 'lo', 'hi'], ['d6']),
    h.make_node('Conv', ['d6', 'wp', 'bp'], ['p']), h.make_node('Add', ['p', 'x'], ['y'])],
    [('x', [1, 5, 9, 7])], {'we': w(13, 5, 1, 1) * 4, 'be': w(13), 'wd': w(13, 1, 3, 3) * 2, 'bd': w(13), 'wp': w(5, 13, 1, 1), 'bp': w(5), **relu6},
    [1, 5, 9, 7])
# MobileNetV2's stem and a strided depthwise: Conv 3x3 stride 2 + ReLU6 (9 channels: a panel and
# one past it), depthwise stride 2 + ReLU6, then a 3x3 convolution without bias + ReLU6.
model('mobilenet_strided', [
    h.make_node('Conv', ['x', 'ws', 'bs'], ['s'], strides=[2, 2], pads=[1, 1, 1, 1]), h.make_node('Clip', ['s', 'lo', 'hi'], ['s6']),
    h.make_node('Conv', ['s6', 'wd', 'bd'], ['d'], group=9, strides=[2, 2], pads=[1, 1, 1, 1]), h.make_node('Clip', ['d', 'lo', 'hi'], ['d6']),
    h.make_node('Conv', ['d6', 'wc'], ['c'], pads=[1, 1, 1, 1]), h.make_node('Clip', ['c', 'lo', 'hi'], ['y'])],
    [('x', [1, 3, 21, 19])], {'ws': w(9, 3, 3, 3) * 4, 'bs': w(9), 'wd': w(9, 1, 3, 3) * 3, 'bd': w(9), 'wc': w(7, 9, 3, 3), **relu6},
    [1, 7, 6, 5])
# ResNet's basic block: Conv 3x3 + Relu, Conv 3x3 + shortcut (the Add's operands the other way
# round), Relu; then a 1x1 stride-2 downsampling convolution + the block's output.
model('resnet_block', [
    h.make_node('Conv', ['x', 'w1', 'b1'], ['c1'], pads=[1, 1, 1, 1]), h.make_node('Relu', ['c1'], ['r1']),
    h.make_node('Conv', ['r1', 'w2', 'b2'], ['c2'], pads=[1, 1, 1, 1]), h.make_node('Add', ['x', 'c2'], ['s']), h.make_node('Relu', ['s'], ['y'])],
    [('x', [1, 6, 11, 10])], {'w1': w(6, 6, 3, 3), 'b1': w(6), 'w2': w(6, 6, 3, 3), 'b2': w(6)},
    [1, 6, 11, 10])
# BERT's feed-forward: MatMul + Add + GELU (x/2·(1 + erf(x/√2)) as exporters write it), then
# MatMul + Add + the residual.
model('bert_ffn', [
    h.make_node('MatMul', ['x', 'w1'], ['m1']), h.make_node('Add', ['m1', 'b1'], ['a1']),
    h.make_node('Div', ['a1', 'sqrt2'], ['q']), h.make_node('Erf', ['q'], ['er']), h.make_node('Add', ['er', 'one'], ['inc']),
    h.make_node('Mul', ['a1', 'inc'], ['mu']), h.make_node('Mul', ['mu', 'half'], ['g']),
    h.make_node('MatMul', ['g', 'w2'], ['m2']), h.make_node('Add', ['m2', 'b2'], ['a2']), h.make_node('Add', ['a2', 'x'], ['y'])],
    [('x', [1, 7, 12])], {'w1': w(12, 37) * 2, 'b1': w(37), 'w2': w(37, 12), 'b2': w(12),
                          'sqrt2': np.float32(1.4142135), 'one': np.float32(1), 'half': np.float32(0.5)},
    [1, 7, 12])
# Attention's softmax: scores · scale + mask (one per batch, shared by the heads), softmax over
# the last axis; and a plain Softmax of the scores.
model('attention_softmax', [
    h.make_node('Mul', ['x', 'scale'], ['sc']), h.make_node('Add', ['sc', 'mask'], ['ma']), h.make_node('Softmax', ['ma'], ['p'], axis=-1),
    h.make_node('Softmax', ['x'], ['q'], axis=-1), h.make_node('Add', ['p', 'q'], ['y'])],
    [('x', [2, 3, 5, 13]), ('mask', [2, 1, 5, 13])], {'scale': np.float32(2.5)},
    [2, 3, 5, 13])
`]);

function weft(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'glue/js/cli.mjs'), ...args], { cwd: root, env: compilerEnv }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
  });
}

/** The reference runtime on the model as the compiler alone builds it for the host. */
function reference(name, inputs) {
  const mlir = path.join(scratch, `${name}.mlir`);
  const host = path.join(scratch, `${name}.host.vmfb`);
  execFileSync(venv('iree-import-onnx'), [path.join(scratch, `${name}.onnx`), '-o', mlir]);
  execFileSync(venv('iree-compile'), ['--iree-hal-target-device=local', '--iree-hal-local-target-device-backends=llvm-cpu', '--iree-llvmcpu-target-cpu=host', mlir, '-o', host]);
  const args = [`--module=${host}`, '--device=local-sync', `--function=${name}`];
  inputs.forEach((t, i) => {
    const f = path.join(scratch, `${name}.in${i}.bin`);
    writeFileSync(f, new Uint8Array(t.data.buffer));
    args.push(`--input=${t.shape.join('x')}x${t.dtype}=@${f}`);
  });
  const out = path.join(scratch, `${name}.out.bin`);
  execFileSync(venv('iree-run-module'), [...args, `--output=@${out}`]);
  const b = readFileSync(out);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

// The entries each model's report lists (sorted): every convolution and product fused with its
// epilogue, so no other heavy op is left.
const CASES = [
  ['mobilenet_block', [[1, 5, 9, 7]], [
    'conv1x1(tensor<1x5x9x7xf32>, tensor<13x5x1x1xf32>, tensor<13xf32>)',
    'conv1x1_res(tensor<1x13x9x7xf32>, tensor<5x13x1x1xf32>, tensor<5xf32>, tensor<1x5x9x7xf32>)',
    'dwconv3x3(tensor<1x13x11x9xf32>, tensor<13x3x3xf32>, tensor<13xf32>)']],
  ['mobilenet_strided', [[1, 3, 21, 19]], [
    'conv2d(tensor<1x3x23x21xf32>, tensor<3x3x3x3x4xf32>, tensor<9xf32>)',
    'conv2d(tensor<1x9x8x7xf32>, tensor<2x9x3x3x4xf32>, tensor<7xf32>)',
    'dwconv3x3(tensor<1x9x13x12xf32>, tensor<9x3x3xf32>, tensor<9xf32>)']],
  ['resnet_block', [[1, 6, 11, 10]], [
    'conv2d(tensor<1x6x13x12xf32>, tensor<2x6x3x3x4xf32>, tensor<6xf32>)',
    'conv2d_res(tensor<1x6x13x12xf32>, tensor<2x6x3x3x4xf32>, tensor<6xf32>, tensor<1x6x11x10xf32>)']],
  ['bert_ffn', [[1, 7, 12]], [
    'linear_packed(tensor<1x7x12xf32>, tensor<5x12x8xf32>, tensor<37xf32>)',
    'linear_packed_res(tensor<1x7x37xf32>, tensor<2x37x8xf32>, tensor<12xf32>, tensor<1x7x12xf32>)']],
  ['attention_softmax', [[2, 3, 5, 13], [2, 1, 5, 13]], [
    'softmax(tensor<2x3x5x13xf32>, tensor<2x1x5x13xf32>)', // x and the mask
    'softmax(tensor<2x3x5x13xf32>, tensor<2x3x5x13xf32>)']], // plain: x stands in for the mask
];

for (const [name, shapes, entries] of CASES) {
  test(`fused epilogues: ${name} routes ${entries.length} fused ops and matches the reference with and without Weft's kernels`, async () => {
    const inputs = shapes.map((shape, i) => ({ dtype: 'f32', shape, data: values(shape.reduce((a, b) => a * b, 1), 17 + i, -2, 2) }));
    const want = reference(name, inputs);
    const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
    const rt = await Weft.create({ timeoutMs: 120_000 });
    try {
      for (const flags of [['--report'], ['--no-kernels']]) {
        const out = path.join(scratch, `${name}${flags[0]}.vmfb`);
        const compiled = await weft(['compile', path.join(scratch, `${name}.onnx`), '-o', out, ...flags]);
        assert.equal(compiled.code, 0, compiled.stderr);
        if (flags[0] === '--report') {
          const lines = compiled.stdout.trim().split('\n');
          assert.match(lines[0], new RegExp(`^weft compile: ${entries.length} ops? routed to Weft's kernels, 0 heavy ops left`), compiled.stdout);
          assert.deepEqual(lines.slice(1).map((l) => l.trim().replace(/^weft\s+weft_kernels::/, '')).sort(), entries);
        }
        const program = await rt.load(out);
        try {
          const [y] = await program.call(name, inputs);
          assert.equal(y.data.length, want.length);
          for (let i = 0; i < want.length; i++) {
            assert.ok(Math.abs(y.data[i] - want[i]) <= 1e-5 * scale, `${name} ${flags[0]} [${i}]: Weft ${y.data[i]}, reference ${want[i]}`);
          }
        } finally {
          await program.unload();
        }
      }
    } finally {
      await rt.close();
    }
  });
}
