// Bad input through the JS API, in a worker: each case is rejected with an Error naming what
// was wrong and what was expected, and the next good call on the SAME runtime still gives the
// reference runtime's results (tests/build/corpus/*.oracle.json). More cases (malformed bytes,
// an x86 build, argument count, shape, data length, missing function) are in api.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Weft } from '../js/weft.node.mjs';
import { TYPED_ARRAYS } from '../js/values.mjs';
import { oraclePrograms, textToTensor, tensorMismatch, typedArg, argTypes } from './common.mjs';

const corpus = oraclePrograms('corpus', 'wasm32');
const program = (name) => corpus.find((p) => p.name === name);
const mm = program('mm_linalg');
const fill = program('dyn_fill_sized');

// A recorded call of `p` through the typed API must give the reference's results.
async function goodCall(rt, p = mm) {
  const call = p.oracle.runs[0].calls[0];
  const types = argTypes(call.cconv);
  const args = call.inputs.map((t, i) => (types[i] === 'r' ? textToTensor(t, TYPED_ARRAYS) : typedArg(t, types[i])));
  const loaded = await rt.load(p.module);
  const results = await loaded.call(call.function, args);
  await loaded.unload();
  results.forEach((r, i) => assert.equal(tensorMismatch(r, call.results[i], p.ulp), null, `${p.name} result ${i}`));
}

// The start of the FlatBuffer in a .vmfb (after the ZIP local header, if any, and the size prefix).
function flatbuffer(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const zip = view.getUint32(0, true) === 0x04034b50 ? 30 + view.getUint16(26, true) + view.getUint16(28, true) : 0;
  return zip + 4;
}

// Byte offset of root-table field `slot` (BytecodeModuleDef: 13 = bytecode_version).
function rootField(bytes, slot) {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const fb = flatbuffer(bytes);
  const root = fb + view.getUint32(fb, true);
  const vtable = root - view.getInt32(root, true);
  const offset = view.getUint16(vtable + 4 + 2 * slot, true);
  assert.ok(offset > 0, `field ${slot} is present`);
  return root + offset;
}

test('bad programs are refused with what was wrong, and the runtime goes on', async () => {
  const rt = await Weft.create();
  try {
    const good = new Uint8Array(readFileSync(mm.module));
    const cases = [
      ['truncated', good.slice(0, good.length >> 1), /malformed \.vmfb: FlatBuffer size prefix is \d+ bytes but only \d+ follow.*truncated file/],
      ['an empty file', new Uint8Array(0), /malformed \.vmfb: file ends at 0x0 before the FlatBuffer size prefix/],
      ['a corrupt file identifier', (() => { const b = good.slice(); b.set([0x58, 0x58, 0x58, 0x58], flatbuffer(b) + 4); return b; })(), /malformed \.vmfb: FlatBuffer identifier is \[58, 58, 58, 58\]; expected "IREE"/],
      ['bytecode version 18.0', (() => { const b = good.slice(); new DataView(b.buffer).setUint32(rootField(b, 13), 18 << 16, true); return b; })(),
        /unsupported bytecode version 18\.0: Weft runs bytecode 17\.x/],
      ['bytecode version 17.1', (() => { const b = good.slice(); new DataView(b.buffer).setUint32(rootField(b, 13), (17 << 16) | 1, true); return b; })(),
        /unsupported bytecode version 17\.1/],
      ['an x86 build', new Uint8Array(readFileSync(mm.module.replace('.wasm32.', '.host.'))),
        /executable format 'embedded-elf-x86_64' is not supported.*system-wasm-wasm_32/s],
    ];
    for (const [what, bytes, message] of cases) {
      await assert.rejects(rt.load(bytes), (e) => e instanceof Error && message.test(e.message), what);
      await goodCall(rt);
    }
  } finally {
    await rt.close();
  }
});

test('bad calls are refused with what was wrong, and the runtime goes on', async () => {
  const rt = await Weft.create();
  try {
    const p = await rt.load(mm.module);
    const [a, b] = mm.oracle.runs[0].calls[0].inputs.map((t) => textToTensor(t, TYPED_ARRAYS));
    const cases = [
      ['too few arguments', [a], /function 'matmul' takes 2 argument\(s\) but 1 were given; its signature is matmul\(/],
      ['too many arguments', [a, b, 1], /takes 2 argument\(s\) but 3 were given/],
      ['a wrong dtype', [{ ...a, dtype: 'i32', data: new Int32Array(a.data.length) }, b],
        /argument 0 \(input0\) of 'matmul': given a 4x3xi32 tensor, but the signature wants tensor<4x3xf32> \(element type f32\)/],
      ['a wrong rank', [{ ...a, shape: [12] }, b], /given a 12xf32 tensor \(rank 1\), but the signature wants tensor<4x3xf32> \(rank 2\)/],
      ['a wrong shape', [a, { ...b, shape: [5, 3] }], /argument 1 \(input1\) of 'matmul'.*dimension 0 must be 3, not 5/],
      ['too little data', [{ ...a, data: a.data.subarray(1) }, b], /holds 48 bytes, but 44 bytes of data were given/],
      ['a scalar for a tensor', [a, 2], /argument 1 \(input1\) of 'matmul': given the number 2, but the signature wants tensor<3x5xf32>/],
    ];
    const names = p.functions.map((f) => f.name);
    assert.deepEqual(names, ['matmul']);
    for (const [what, args, message] of cases) {
      await assert.rejects(p.call('matmul', args), (e) => e instanceof Error && message.test(e.message), `${what}: ${message}`);
      await goodCall(rt);
    }
    await assert.rejects(p.call('nope', [a, b]), /function 'nope' not found in module 'module'; it exports: matmul/);
    await goodCall(rt);
    await p.unload();
  } finally {
    await rt.close();
  }
});

test('an allocation beyond the runtime memory fails naming its size, and the runtime goes on', async () => {
  // 64 MiB of linear memory; the program is asked for a 64 MiB result.
  const rt = await Weft.create({ maximumMemoryPages: 1024 });
  try {
    const p = await rt.load(fill.module);
    await assert.rejects(p.call('fill', [1 << 24, 1.5]), /cannot allocate a HAL buffer of 67108864 bytes: the heap is exhausted/);
    await assert.rejects(p.call('fill', [0x7fffffff, 1.5]), /cannot allocate a HAL buffer of 8589934588 bytes/);
    await goodCall(rt, fill);
    const [small] = await p.call('fill', [1 << 20, 0.25]); // 4 MiB fits
    assert.deepEqual([small.shape, small.data[0], small.data[(1 << 20) - 1]], [[1 << 20], 0.25, 0.25]);
    await p.unload();
    await goodCall(rt);
  } finally {
    await rt.close();
  }
});
