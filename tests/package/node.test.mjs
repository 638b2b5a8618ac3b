// The package in Node, installed from the packed tarball into a project outside the checkout:
// what the tarball holds, the Node example (web/examples/node) against the reference runtime's
// output, and the `weft` command through npx (run, inspect, compile with the repository's
// IREE compiler on PATH, --help, --version).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { project, run, must, tarball, root, oracleCalls, samplePath } from './harness.mjs';
import { DAWN_ENV } from '../../glue/tests/gpu/dawn.mjs';

const env = { ...process.env, PATH: `${path.join(root, '.venv/bin')}${path.delimiter}${process.env.PATH}` };

test('the tarball holds the runtime, both kernel modules, the JS, the GPU device and its translator, the types, the web target and the license, and nothing else', async () => {
  const listing = (await must('tar', ['-tzf', await tarball()])).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  for (const f of ['glue/pkg/weft_runtime_bg.wasm', 'glue/pkg/weft_runtime.js', 'glue/pkg/weft_kernels_relaxed.wasm', 'glue/pkg/weft_kernels_simd128.wasm',
    'glue/js/weft.mjs', 'glue/js/weft.node.mjs', 'glue/js/worker.mjs', 'glue/js/pool-worker.mjs', 'glue/js/weft.d.ts', 'glue/js/cli.mjs',
    'glue/js/gpu/device.mjs', 'glue/js/gpu/worker.mjs', 'glue/js/gpu/worker.node.mjs', 'glue/pkg/weft_wgsl.wasm',
    'glue/target/target.mjs', 'glue/target/spec.mlir', 'glue/target/wasm-ld-wrapper', 'glue/target/onnx-reshapes.py', 'LICENSE', 'README.md', 'package.json']) {
    assert.ok(listing.includes(f), `${f} is missing from the tarball`);
  }
  const unexpected = listing.filter((f) => !/^(glue\/(js\/(gpu\/)?[\w.-]+\.(mjs|d\.ts)|pkg\/weft_[\w]+\.(wasm|js)|target\/[\w.-]+|README\.md)|LICENSE|README\.md|package\.json)$/.test(f));
  assert.deepEqual(unexpected, [], 'only the runtime and its docs ship (no Rust sources, tests or pages)');
});

test('the packed runtime has no test entries (debug_* exports are built for the repository\'s tests only)', async () => {
  const wasm = await must('tar', ['-xzOf', await tarball(), 'package/glue/pkg/weft_runtime_bg.wasm'], { encoding: 'buffer' });
  const names = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name);
  assert.ok(names.includes('runtime_new'), `the runtime's exports were not read: ${names.join(', ')}`);
  assert.deepEqual(names.filter((n) => n.includes('debug_')), []);
});

test('the Node example runs a program from the installed package as iree-run-module does', async () => {
  const p = await project('node');
  try {
    for (const sample of ['simple_abs', 'fully_connected', 'collatz']) {
      copyFileSync(samplePath(sample), path.join(p.dir, `${sample}.vmfb`));
      for (const call of oracleCalls(sample)) {
        const got = await must(process.execPath, ['main.mjs', `${sample}.vmfb`, call.function, ...call.inputs], { cwd: p.dir });
        assert.equal(got, call.stdout, `${sample} ${call.function} ${call.inputs.join(' ')}`);
      }
    }
    // It resolved the installed copy, not the checkout.
    const resolved = await must(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('weft-runtime'))"], { cwd: p.dir });
    assert.ok(resolved.includes(path.join(p.dir, 'node_modules/weft-runtime/glue/js/weft.node.mjs').replace(/\\/g, '/')), resolved);
  } finally {
    p.cleanup();
  }
});

test('a program compiled for the GPU runs from the installed package on WebGPU once the webgpu package is installed beside it', async () => {
  const gpuBuild = path.join(root, 'tests/build/samples/fully_connected.vulkan.vmfb');
  const [call] = oracleCalls('fully_connected');
  const example = (p, environment) => run(process.execPath, ['main.mjs', 'fc.vmfb', call.function, ...call.inputs], { cwd: p.dir, env: environment });
  const without = await project('node');
  try {
    copyFileSync(gpuBuild, path.join(without.dir, 'fc.vmfb'));
    const got = await example(without, DAWN_ENV);
    assert.equal(got.code, 1, got.stdout);
    assert.match(got.stderr, /UNSUPPORTED: the program was compiled for the GPU only .* Node has no WebGPU without the `webgpu` package \(npm install webgpu\)/);
  } finally {
    without.cleanup();
  }
  const p = await project('node', ['webgpu@0.6.2']);
  try {
    copyFileSync(gpuBuild, path.join(p.dir, 'fc.vmfb'));
    const got = await example(p, DAWN_ENV);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout, call.stdout);
  } finally {
    p.cleanup();
  }
});

test('npx weft run, inspect, compile, --help and --version work from the installed package', async () => {
  const p = await project(null);
  const npx = (...args) => run('npx', ['--no-install', 'weft', ...args], { cwd: p.dir, env });
  try {
    const help = await npx('--help');
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^usage: weft <command>/);
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const v = await npx('--version');
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.stdout, `weft-runtime ${version} (runs programs of IREE 3.13.0)\n`);

    copyFileSync(samplePath('fully_connected'), path.join(p.dir, 'fc.vmfb'));
    const [call] = oracleCalls('fully_connected');
    const got = await npx('run', '--module=fc.vmfb', `--function=${call.function}`, ...call.inputs.map((i) => `--input=${i}`));
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout, call.stdout);
    const inspected = await npx('inspect', 'fc.vmfb');
    assert.equal(inspected.code, 0, inspected.stderr);
    assert.match(inspected.stdout, /dense\(input0: tensor<2x4xf32>, input1: tensor<4x3xf32>, input2: tensor<3xf32>\) -> tensor<2x3xf32>/);

    // Compiled from its source by the installed package (web target, linker wrapper and spec
    // from the tarball), the program gives the reference runtime's answers.
    copyFileSync(path.join(root, 'tests/programs/samples/fully_connected.mlir'), path.join(p.dir, 'fc.mlir'));
    const compiled = await npx('compile', 'fc.mlir', '-o', 'mine.vmfb', '--report');
    assert.equal(compiled.code, 0, compiled.stderr);
    assert.match(compiled.stdout, /^weft compile: \d+ ops? routed to Weft's kernels/);
    for (const c of oracleCalls('fully_connected')) {
      const r = await npx('run', '--module=mine.vmfb', `--function=${c.function}`, ...c.inputs.map((i) => `--input=${i}`));
      assert.equal(r.stdout, c.stdout, r.stderr);
    }
  } finally {
    p.cleanup();
  }
});
