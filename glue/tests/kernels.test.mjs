// The wasm executable loader on IREE 3.13.0's real side modules (tests/build/linker/*.wasm32.vmfb):
// the runtime finds each kernel in the program's rodata, links it to its shared memory and table,
// compiles and instantiates it, reads its library, and dispatches it through
// WasmLoader::load + Executable::dispatch (the path hal.executable.create and the command
// buffer's dispatch take), and as whole programs through the HAL in a worker. Outputs are compared with the reference runtime
// (iree-run-module on the program's host or vmvx build) on the same inputs, as linker/tests do.
// Shapes come from the program's reflection; the workgroup grid from the compiler's HAL IR.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Weft } from '../js/weft.node.mjs';
import { root, requireFile, values, reference } from './common.mjs';

const venv = path.join(root, '.venv/bin');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'weft-kernels-'));

/** The single dispatch's workgroup count and binding lengths, from --compile-to=hal. */
function dispatchOf(program) {
  const flags = execFileSync('bash', [path.join(root, 'tests/scripts/build-fixtures.sh'), '--flags', 'wasm32'], { encoding: 'utf8' }).trim().split(/\s+/);
  const out = path.join(scratch, `${program}.hal.mlir`);
  execFileSync(path.join(venv, 'iree-compile'), [...flags, '--compile-to=hal', path.join(root, `tests/programs/linker/${program}.mlir`), '-o', out]);
  const text = readFileSync(out, 'utf8');
  const at = text.indexOf('hal.command_buffer.dispatch<');
  assert.ok(at >= 0 && text.indexOf('hal.command_buffer.dispatch<', at + 1) < 0, `${program}: expected one dispatch`);
  const rest = text.slice(at);
  const constant = (s) => Number(/^%c(\d+)/.exec(s.trim())[1]);
  const workgroups = /workgroups\(\[([^\]]*)\]\)/.exec(rest)[1].split(',').map(constant);
  const bindings = [...(/bindings\(\[([\s\S]*?)\]\)/.exec(rest)[1]).matchAll(/\[([^\]]*)\]/g)].map((m) => {
    const [offset, length] = m[1].split(',').map(constant);
    assert.equal(offset, 0, `${program}: binding at an offset`);
    return length;
  });
  return { workgroups, bindings };
}

/** Argument tensor types of `fn`, from the reflection `inspect` prints. */
function tensorArgs(inspectText, fn) {
  const line = inspectText.split('\n').find((l) => l.trim().startsWith(`${fn}(`));
  assert.ok(line, `no signature for ${fn}`);
  return [...line.split('->')[0].matchAll(/tensor<([0-9x]+)x(f16|f32)>/g)].map((m) => ({ shape: m[1], dtype: m[2] }));
}

// f16 of a value with at most 11 significant bits (inputs are rounded to 1/32 first).
function toHalf(x) {
  if (x === 0) return Object.is(x, -0) ? 0x8000 : 0;
  const sign = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  const e = Math.floor(Math.log2(a));
  return sign | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
}
function fromHalf(h) {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 31, m = h & 1023;
  if (e === 31) return m ? NaN : s * Infinity;
  return e ? s * 2 ** (e - 15) * (1 + m / 1024) : s * 2 ** -14 * (m / 1024);
}

function inputBytes(dtype, n, seed, lo, hi) {
  const v = values(n, seed, lo, hi);
  if (dtype === 'f32') return new Uint8Array(v.buffer);
  const h = Uint16Array.from(v, (x) => toHalf(Math.round(x * 32) / 32));
  return new Uint8Array(h.buffer);
}

function decode(bytes, dtype) {
  if (dtype === 'f16') return Array.from(new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2), fromHalf);
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
}

const CASES = [
  { program: 'elementwise', fn: 'fma', ref: 'host', range: [-4, 4], tol: 1e-6 },
  { program: 'matmul', fn: 'matmul', ref: 'host', range: [-1, 1], tol: 1e-5 },
  { program: 'softmax', fn: 'softmax', ref: 'host', range: [-6, 6], tol: 1e-5, note: 'imports fmaxf (C NaN semantics)' },
  { program: 'libm', fn: 'libm', ref: 'vmvx', range: [-6, 6], tol: 1e-6, note: 'imports roundf, log10f, fminf' },
  { program: 'half', fn: 'half', ref: 'host', range: [-30, 30], tol: 1e-3, note: 'f16 repair, per-instance stack' },
];

let rt;
test.before(async () => { rt = await Weft.create({ worker: false }); });

for (const c of CASES) {
  test(`${c.program}: kernel dispatched by Weft's loader matches the reference${c.note ? ` (${c.note})` : ''}`, async () => {
    const file = requireFile(path.join(root, `tests/build/linker/${c.program}.wasm32.vmfb`));
    const args = tensorArgs(await rt.inspect(file), c.fn);
    const inputs = args.map((a, i) => {
      const n = a.shape.split('x').reduce((x, y) => x * Number(y), 1);
      return { ...a, bytes: inputBytes(a.dtype, n, i + 1, ...c.range) };
    });
    const { workgroups, bindings } = dispatchOf(c.program);
    assert.deepEqual(bindings.slice(0, inputs.length), inputs.map((i) => i.bytes.byteLength), 'bindings are the inputs in order');
    assert.equal(bindings.length, inputs.length + 1, 'one output binding');

    const kernels = await rt._loadKernels(file);
    assert.equal(kernels.exportNames.length, 1);
    const out = kernels.dispatch(0, 0, workgroups, [], [...inputs.map((i) => i.bytes), new Uint8Array(bindings.at(-1))]);
    // Run it twice: a dispatch leaves the executable reusable.
    const again = kernels.dispatch(0, 0, workgroups, [], [...inputs.map((i) => i.bytes), new Uint8Array(bindings.at(-1))]);
    assert.deepEqual(again.at(-1), out.at(-1));
    await kernels.unload();

    const dtype = args[0].dtype;
    const want = decode(reference(c.program, c.ref, c.fn, inputs), dtype);
    const compare = (bytes, how) => {
      const got = decode(bytes, dtype);
      assert.equal(got.length, want.length);
      const bad = got.map((g, i) => [i, g, want[i]]).filter(([, g, w]) => !((Number.isNaN(g) && Number.isNaN(w)) || Math.abs(g - w) <= c.tol * Math.max(Math.abs(w), 1)));
      assert.deepEqual(bad.slice(0, 10), [], `${how}: ${bad.length} of ${got.length} elements differ from the reference`);
    };
    compare(out.at(-1), 'dispatch');

    // The whole program: HAL + the wasm loader, in a worker, with tensors from the typed API.
    const worker = await Weft.create();
    try {
      const program = await worker.load(file);
      const T = dtype === 'f16' ? Uint16Array : Float32Array;
      const tensors = inputs.map((i) => ({ dtype: i.dtype, shape: i.shape.split('x').map(Number), data: new T(i.bytes.slice().buffer) }));
      const [result] = await program.call(c.fn, tensors);
      assert.equal(result.dtype, dtype);
      compare(new Uint8Array(result.data.buffer, result.data.byteOffset, result.data.byteLength), 'program');
      await program.unload();
    } finally {
      await worker.close();
    }
  });
}

test('dispatch errors are clear and leave the runtime usable', async () => {
  const file = path.join(root, 'tests/build/linker/elementwise.wasm32.vmfb');
  const k = await rt._loadKernels(file);
  const b = new Uint8Array(64);
  assert.throws(() => k.dispatch(0, 0, [1, 1, 1], [], [b, b]), /2 bindings given, the kernel takes 3/);
  assert.throws(() => k.dispatch(0, 5, [1, 1, 1], [], [b, b, b]), /export ordinal 5 is out of range/);
  assert.throws(() => k.dispatch(0, 0, [1, 1, 1], [7], [b, b, b]), /1 push constants given, the kernel takes 0/);
  const out = k.dispatch(0, 0, [1, 1, 1], [], [b, b, b]);
  assert.equal(out.length, 3);
  await k.unload();
  // Several programs' kernels at once get distinct table slots and memory.
  const a1 = await rt._loadKernels(file), a2 = await rt._loadKernels(path.join(root, 'tests/build/linker/matmul.wasm32.vmfb'));
  await a1.unload(); await a2.unload();
});

test('a program whose kernels cannot link fails to load with the linker\'s reason, and the runtime goes on', async () => {
  // fmod.wasm32 imports fmodf with its C type: it links. A corrupted side module must not.
  const bytes = new Uint8Array(readFileSync(path.join(root, 'tests/build/linker/matmul.wasm32.vmfb')));
  const at = bytes.findIndex((b, i) => b === 0 && bytes[i + 1] === 0x61 && bytes[i + 2] === 0x73 && bytes[i + 3] === 0x6d);
  bytes[at + 8] = 0x7f; // an unknown section id right after the wasm header
  await assert.rejects(rt.load(bytes), /wasm executable in rodata segment \d+/);
  const p = await rt.load(path.join(root, 'tests/build/linker/matmul.wasm32.vmfb'));
  assert.equal(p.functions[0].name, 'matmul');
});

test('1,000 load/call/unload cycles in one runtime keep heap bytes in use, linear memory and table slots flat', async () => {
  const file = path.join(root, 'tests/build/linker/matmul.wasm32.vmfb');
  const a = { dtype: 'f32', shape: [32, 24], data: new Float32Array(768).fill(1) };
  const b = { dtype: 'f32', shape: [24, 16], data: new Float32Array(384).fill(0.5) };
  const cycle = async () => {
    const p = await rt.load(file);
    const loaded = rt._usage().heapBytes;
    assert.equal((await p.call('matmul', [a, b]))[0].data[0], 12);
    await p.unload();
    return loaded;
  };
  await cycle(); // the first load sizes the table and the heap
  const before = rt._usage();
  let loaded = 0;
  for (let i = 0; i < 1000; i++) loaded = await cycle();
  const after = rt._usage();
  console.log(`1,000 load/call/unload cycles of matmul.wasm32: heap bytes in use ${before.heapBytes} -> ${after.heapBytes} (${loaded} with the program loaded), ` +
    `linear memory ${before.memoryBytes} -> ${after.memoryBytes} bytes, table slots ${before.tableSlots} -> ${after.tableSlots}`);
  assert.ok(loaded > before.heapBytes, 'a loaded program shows in the heap count');
  assert.ok(Math.abs(after.heapBytes - before.heapBytes) <= 4096, `heap bytes in use ${before.heapBytes} -> ${after.heapBytes}`);
  assert.equal(after.memoryBytes, before.memoryBytes);
  assert.equal(after.tableSlots, before.tableSlots);
});
