// `weft compile` builds a program Weft runs in wasm32 with the same results the reference
// runtime recorded for the program's vmvx build (tests/build/samples/*.oracle.json).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, oraclePrograms, cliMismatch, compilerEnv } from './common.mjs';
import { DAWN_ENV } from './gpu/dawn.mjs';

const cli = path.join(root, 'glue/js/cli.mjs');
function run(args, env = compilerEnv) {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: root, env }, (error, stdout, stderr) =>
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

test('weft compile --device: one file for the GPU and the CPU, or the GPU alone, runs as the reference ran its source', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'weft-compile-test-'));
  try {
    const programs = oraclePrograms('samples');
    let checked = 0;
    let refusals = 0;
    for (const p of programs) {
      const both = path.join(dir, `${p.name}.both.vmfb`);
      const gpu = path.join(dir, `${p.name}.gpu.vmfb`);
      for (const [out, device] of [[both, 'webgpu,cpu'], [gpu, 'webgpu']]) {
        const compiled = await run(['compile', path.join(root, 'tests/programs/samples', `${p.name}.mlir`), '-o', out, `--device=${device}`]);
        assert.equal(compiled.code, 0, compiled.stderr);
      }
      for (const call of p.oracle.runs.flatMap((r) => r.calls).filter((c) => c.iree_run_module)) {
        const flags = call.iree_run_module.argv.slice(1).filter((a) => !a.startsWith('--module=') && !a.startsWith('--device='));
        for (const [module, device, env] of [[both, 'webgpu', DAWN_ENV], [both, 'local-task', process.env], [gpu, 'webgpu', DAWN_ENV]]) {
          const got = await run(['run', `--module=${module}`, `--device=${device}`, ...flags], env);
          const m = cliMismatch(p, call, got);
          assert.equal(m, null, `${p.name} (${path.basename(module)} on ${device}) ${flags.join(' ')}: ${m}`);
          checked++;
        }
        // A program with executables, built for the GPU alone, does not run on the CPU.
        if (!readFileSync(gpu).includes('vulkan-spirv-fb')) continue;
        const cpuOnGpuOnly = await run(['run', `--module=${gpu}`, '--device=local-sync', ...flags]);
        assert.equal(cpuOnGpuOnly.code, 1);
        assert.match(cpuOnGpuOnly.stderr, /compiled for the GPU only.*vulkan,local/s);
        refusals++;
      }
    }
    assert.ok(checked >= 6 && refusals >= 1, `only ${checked} runs, ${refusals} refusals`);
    const bad = await run(['compile', path.join(root, 'tests/programs/samples', `${programs[0].name}.mlir`), '-o', path.join(dir, 'x.vmfb'), '--device=metal']);
    assert.equal(bad.code, 2, 'a usage error');
    assert.match(bad.stderr, /--device=metal: expected cpu, webgpu, webgpu,cpu/);
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

test('weft compile without a compiler says how to install IREE 3.13.0', async () => {
  // No compiler on PATH, none named, and a Python without the package.
  const env = { PATH: path.dirname(process.execPath), WEFT_PYTHON: '/nonexistent/python3' };
  const r = await run(['compile', path.join(root, 'tests/programs/samples/simple_abs.mlir'), '-o', '/tmp/weft-never.vmfb'], env);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /iree-compile was not found.*pip install iree-base-compiler==3\.13\.0/s);
  const named = await run(['compile', path.join(root, 'tests/programs/samples/simple_abs.mlir'), '-o', '/tmp/weft-never.vmfb'], { ...env, WEFT_IREE_COMPILE: '/nonexistent/iree-compile' });
  assert.match(named.stderr, /WEFT_IREE_COMPILE=\/nonexistent\/iree-compile is not an executable file/);
});

// The ONNX path: a small graph built now with the onnx package (as make-onnx-corpus.py builds
// the corpus's), compiled by `weft compile model.onnx` (iree-import-onnx, then the web
// target), runs as the reference runtime runs the same imported MLIR compiled for this machine.
const ONNX_GRAPH = `
import sys, numpy as np, onnx
from onnx import TensorProto as T, helper as h, numpy_helper
w = numpy_helper.from_array(np.array([[1, 0.5, -1], [2, -0.25, 0], [0, 1, 1], [-1, 2, 0.5]], np.float32), "w")
b = numpy_helper.from_array(np.array([0.5, -1, 0.25], np.float32), "b")
s = numpy_helper.from_array(np.array([2, -3, 0.5], np.float32), "s")
nodes = [h.make_node("Gemm", ["x", "w", "b"], ["g"]), h.make_node("Relu", ["g"], ["r"]),
         h.make_node("Mul", ["r", "s"], ["m"]), h.make_node("ReduceSum", ["m"], ["y"], keepdims=0)]
g = h.make_graph(nodes, "main", [h.make_tensor_value_info("x", T.FLOAT, [2, 4])],
                 [h.make_tensor_value_info("m", T.FLOAT, [2, 3]), h.make_tensor_value_info("y", T.FLOAT, [])], initializer=[w, b, s])
model = h.make_model(g, opset_imports=[h.make_opsetid("", 17)], producer_name="weft-compile-test")
model.ir_version = 8
onnx.checker.check_model(model, full_check=True)
onnx.save(model, sys.argv[1])
`;

test('weft compile model.onnx runs as the reference runs the imported model', async () => {
  const { execFileSync } = await import('node:child_process');
  const dir = await mkdtemp(path.join(tmpdir(), 'weft-compile-onnx-'));
  const venv = path.join(root, '.venv/bin');
  try {
    const model = path.join(dir, 'model.onnx');
    execFileSync(path.join(venv, 'python'), ['-c', ONNX_GRAPH, model]);
    const out = path.join(dir, 'model.vmfb');
    const compiled = await run(['compile', model, '-o', out]);
    assert.equal(compiled.code, 0, compiled.stderr);
    // The reference: the same importer, compiled for x86, run by iree-run-module.
    const mlir = path.join(dir, 'model.mlir'), host = path.join(dir, 'model.host.vmfb');
    execFileSync(path.join(venv, 'iree-import-onnx'), [model, '-o', mlir]);
    const hostFlags = execFileSync('bash', [path.join(root, 'tests/scripts/build-fixtures.sh'), '--flags', 'host'], { encoding: 'utf8' }).trim().split(/\s+/);
    execFileSync(path.join(venv, 'iree-compile'), [...hostFlags, mlir, '-o', host]);
    for (const input of ['2x4xf32=1 2 3 4 -1 0.5 -2 1', '2x4xf32=0 0 0 0 -4 -3 2.5 8']) {
      const args = ['--function=main', `--input=${input}`];
      const want = execFileSync(path.join(venv, 'iree-run-module'), [`--module=${host}`, ...args], { encoding: 'utf8' });
      const got = await run(['run', `--module=${out}`, ...args]);
      assert.equal(got.code, 0, got.stderr);
      assert.equal(got.stdout, want, input);
      assert.match(want, /result\[1\]: hal\.buffer_view\nf32=/); // both results, as the graph has them
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('weft compile --relaxed-simd: runs where the engine has relaxed SIMD, and says why not elsewhere', async () => {
  const { execFileSync } = await import('node:child_process');
  const dir = await mkdtemp(path.join(tmpdir(), 'weft-compile-relaxed-'));
  const venv = path.join(root, '.venv/bin');
  try {
    // A matmul compiled by the compiler (Weft's kernels would take it): its vectorised
    // multiply-adds become relaxed_madd with relaxed SIMD enabled.
    const out = path.join(dir, 'matmul.vmfb');
    const compiled = await run(['compile', path.join(root, 'tests/programs/linker/matmul.mlir'), '-o', out, '--relaxed-simd', '--no-kernels']);
    assert.equal(compiled.code, 0, compiled.stderr);
    const args = ['--function=matmul', '--input=32x24xf32=0.5', '--input=24x16xf32=-2'];
    const want = execFileSync(path.join(venv, 'iree-run-module'), [`--module=${path.join(root, 'tests/build/linker/matmul.host.vmfb')}`, ...args], { encoding: 'utf8' });
    const withRelaxed = await new Promise((resolve) => execFile(process.execPath, ['--experimental-wasm-relaxed-simd', cli, 'run', `--module=${out}`, ...args], { cwd: root },
      (error, stdout, stderr) => resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr })));
    assert.equal(withRelaxed.code, 0, withRelaxed.stderr);
    assert.equal(withRelaxed.stdout, want);
    const { hasRelaxedSimd } = await import('../js/wasm-features.mjs');
    if (!hasRelaxedSimd()) {
      const without = await run(['run', `--module=${out}`, ...args]);
      assert.notEqual(without.code, 0);
      assert.match(without.stderr, /this engine lacks relaxed SIMD: a program built with `weft compile --relaxed-simd` needs/);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
