// The JS API's contract: the worker proxy and the direct path have the same methods; every
// accepted source loads; failures reject with a WeftError (a stable code and the runtime's
// message) and leave the runtime usable; replies are matched to requests by id; callers'
// buffers are not detached.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { Weft, WeftError, ERROR_CODES } from '../js/weft.node.mjs';
import { Runtime, Program } from '../js/runtime.mjs';
import { WorkerRuntime, ProgramProxy } from '../js/proxy.mjs';
import { core_error_codes } from '../pkg/weft_runtime.js';
import { root, oraclePrograms } from './common.mjs';

const arith = path.join(root, 'tests/build/vm/i32_arith.vmvx.vmfb');
const methods = (cls) => Object.getOwnPropertyNames(cls.prototype).filter((n) => n !== 'constructor' && !n.startsWith('_')).sort();

test('the proxy has the same methods as the direct path', () => {
  assert.deepEqual(methods(WorkerRuntime), methods(Runtime));
  assert.deepEqual(methods(ProgramProxy), methods(Program));
});

for (const worker of [true, false]) {
  const where = worker ? 'in a worker' : 'in this thread';

  test(`every program source loads (${where})`, async () => {
    const rt = await Weft.create({ worker });
    try {
      const bytes = new Uint8Array(readFileSync(arith));
      const buffer = bytes.slice().buffer;
      const sources = [arith, pathToFileURL(arith), pathToFileURL(arith).href, buffer, bytes, new DataView(buffer), new Blob([bytes]), new Response(bytes)];
      for (const s of sources) {
        const p = await rt.load(s);
        assert.deepEqual(await p.call('arith', [7, 3]), [10, 4, 21], String(s?.constructor?.name ?? s));
        assert.equal(p.functions.find((f) => f.name === 'arith').signature, 'arith(input0: i32, input1: i32) -> (i32, i32, i32)');
        assert.deepEqual(p.functions[0].args.map((a) => a.type), ['i32', 'i32']);
        await p.unload();
      }
      assert.equal(buffer.byteLength, bytes.byteLength, "the caller's ArrayBuffer is not detached");
      await assert.rejects(rt.load(new Response('nope', { status: 404 })), { code: 'NOT_FOUND', message: /HTTP 404/ });
      await assert.rejects(rt.load(42), { code: 'BAD_ARGUMENT', message: /a program source must be/ });
      await assert.rejects(rt.load(path.join(root, 'tests/build/vm/no-such-program.vmfb')), (e) => e instanceof WeftError && e.code === 'NOT_FOUND' && e.syscallCode === 'ENOENT');
    } finally {
      await rt.close();
    }
  });

  test(`failures reject with the runtime's message and leave it usable (${where})`, async () => {
    const rt = await Weft.create({ worker });
    try {
      await assert.rejects(rt.load(new Uint8Array(100)), (e) => e instanceof WeftError && e.code === 'INVALID_PROGRAM' && /malformed \.vmfb/.test(e.message));
      // A program compiled for x86: its executables cannot run here, and the error says how to compile for the web.
      await assert.rejects(rt.load(path.join(root, 'tests/build/smoke/tensor_abs.host.vmfb')),
        { code: 'UNSUPPORTED', message: /executable format 'embedded-elf-x86_64' is not supported.*weft compile/s });
      const p = await rt.load(arith);
      await assert.rejects(p.call('arith', [1]), { code: 'BAD_ARGUMENT', message: /takes 2 argument\(s\),? but 1/ });
      await assert.rejects(p.call('nope'), { code: 'NOT_FOUND', message: /function 'nope' not found in module 'module'; it exports: arith/ });
      await assert.rejects(p.call('__init'), { code: 'NOT_FOUND', message: /'__init' is internal to program 'module'/ });
      await assert.rejects(p.call('divs', [1, 0]), { code: 'PROGRAM_FAILED', message: /division by zero/ });
      await assert.rejects(p.call('arith', [1, { dtype: 'f32', shape: [1], data: new Float32Array(1) }]), /argument 1 \(input1\) of 'arith': given a 1xf32 tensor, but the signature wants the scalar i32/);
      await assert.rejects(p.call('arith', [1, { dtype: 'q7', shape: [1], data: new Float32Array(1) }]), { code: 'BAD_ARGUMENT', message: /unknown dtype 'q7'/ });
      await assert.rejects(p.call('arith', [1, 'x']), { code: 'BAD_ARGUMENT', message: /argument 1 of 'arith' must be a number/ });
      await assert.rejects(p.callText('arith', ['1', '2'], { iterations: 0 }), { code: 'BAD_ARGUMENT', message: /iterations must be a whole number from 1 to 4294967295, got 0/ });
      const mm = await rt.load(path.join(root, 'tests/build/linker/matmul.wasm32.vmfb'));
      await assert.rejects(mm.call('matmul', [{ dtype: 'f32', shape: [2, 24], data: new Float32Array(48) }, { dtype: 'f32', shape: [24, 16], data: new Float32Array(384) }]),
        /dimension 0 must be 32, not 2/);
      await assert.rejects(mm.call('matmul', [{ dtype: 'f32', shape: [32, 24], data: new Float32Array(3) }, { dtype: 'f32', shape: [24, 16], data: new Float32Array(384) }]),
        /holds 3072 bytes, but 12 bytes of data were given/);
      // The typed array must be the dtype's: other bytes would be silently reinterpreted.
      for (const data of [new Int32Array(768), new DataView(new ArrayBuffer(3072))]) {
        await assert.rejects(mm.call('matmul', [{ dtype: 'f32', shape: [32, 24], data }, { dtype: 'f32', shape: [24, 16], data: new Float32Array(384) }]),
          { code: 'BAD_ARGUMENT', message: /argument 0 of 'matmul': a f32 tensor's data must be a Float32Array, got (Int32Array|DataView)/ });
      }
      const [c] = await mm.call('matmul', [{ dtype: 'f32', shape: [32, 24], data: new Float32Array(768).fill(1) }, { dtype: 'f32', shape: [24, 16], data: new Float32Array(384).fill(0.5) }]);
      // The call succeeds after the failures (its values are checked against the reference in kernels.test.mjs).
      assert.deepEqual([c.dtype, c.shape, c.data.length], ['f32', [32, 16], 512]);
      await mm.unload();
      assert.deepEqual(await p.call('arith', [7, 3]), [10, 4, 21]);
      await p.unload();
      await p.unload(); // unloading twice is harmless
      await assert.rejects(p.call('arith', [7, 3]), { code: 'UNLOADED', message: /program 'module' was unloaded; load it again to call 'arith'/ });
      assert.match(await rt.inspect(path.join(root, 'tests/build/linker/softmax.wasm32.vmfb')), /softmax\(input0: tensor<4x32xf32>\) -> tensor<4x32xf32>/);
    } finally {
      await rt.close();
    }
  });
}

test('many requests in flight are answered by id', async () => {
  const rt = await Weft.create();
  try {
    const [a, b] = await Promise.all([rt.load(arith), rt.load(path.join(root, 'tests/build/vm/i64_arith.vmvx.vmfb'))]);
    const calls = [];
    for (let i = 0; i < 100; i++) calls.push(i % 2 ? a.call('arith', [i, 1]) : b.call('arith', [BigInt(i), 2n]));
    const results = await Promise.all(calls);
    results.forEach((r, i) => assert.deepEqual(r, i % 2 ? [i + 1, i - 1, i] : [BigInt(i) + 2n, BigInt(i) - 2n, BigInt(i) * 2n]));
  } finally {
    await rt.close();
  }
});

for (const worker of [true, false]) {
  test(`closing the runtime rejects what is pending and what comes after (${worker ? 'worker' : 'direct'})`, async () => {
    const rt = await Weft.create({ worker });
    const p = await rt.load(arith);
    if (worker) {
      const pending = assert.rejects(p.call('arith', [1, 2]), { code: 'RUNTIME_LOST', message: /the runtime was closed/ });
      await rt.close();
      await pending;
    } else {
      await rt.close(); // unloads its programs
    }
    await assert.rejects(p.call('arith', [1, 2]), (e) => ['RUNTIME_LOST', 'UNLOADED'].includes(e.code));
    await assert.rejects(rt.load(arith), { code: 'RUNTIME_LOST', message: /the runtime was closed/ });
  });
}

test('bad options fail clearly', async () => {
  await assert.rejects(Weft.create({ worker: false, maximumMemoryPages: 1 << 20 }), /maximumMemoryPages|already has a maximum/);
  await assert.rejects(Weft.create({ maximumMemoryPages: 1 }), { code: 'BAD_ARGUMENT', message: /maximumMemoryPages must be between/ });
  await assert.rejects(Weft.create({ thread: 2 }), { code: 'BAD_ARGUMENT', message: /unknown option thread/ });
  await assert.rejects(Weft.create({ logLevel: 'loud' }), { code: 'BAD_ARGUMENT', message: /logLevel must be one of/ });
  await assert.rejects(Weft.create({ timeoutMs: -1 }), { code: 'BAD_ARGUMENT', message: /timeoutMs must be a positive number/ });
  await assert.rejects(Weft.create({ cache: 'sometimes' }), { code: 'BAD_ARGUMENT', message: /cache must be true, false or one of/ });
});

test('every code the runtime core reports is a documented WeftError code', async () => {
  await Weft.create({ worker: false }); // instantiates this thread's runtime module
  const core = core_error_codes();
  assert.ok(core.length >= 8);
  for (const code of core) assert.ok(code in ERROR_CODES, `${code} (from glue/boundary/src/errors.rs) is missing in ERROR_CODES`);
  const declared = readFileSync(path.join(root, 'glue/js/weft.d.ts'), 'utf8');
  for (const code of Object.keys(ERROR_CODES)) assert.match(declared, new RegExp(`'${code}'`), `weft.d.ts does not list ${code}`);
});

test('a function whose name holds parentheses has its real signature and is called by that name', async () => {
  const rt = await Weft.create();
  try {
    const [{ name, module, oracle }] = oraclePrograms('names', 'wasm32');
    assert.equal(name, 'parens');
    const p = await rt.load(module);
    const [call] = oracle.runs[0].calls;
    const info = p.functions.find((f) => f.name === call.function);
    assert.equal(info.signature, 'scale(x)(input0: tensor<3xf32>) -> tensor<3xf32>');
    assert.deepEqual(info.args.map((a) => a.type), ['tensor<3xf32>']);
    const [x] = call.inputs.map((text) => Float32Array.from(text.split('=')[1].trim().split(/\s+/), Number));
    const [y] = await p.call(call.function, [{ dtype: 'f32', shape: [3], data: x }]);
    assert.deepEqual([y.shape, Array.from(y.data)], [call.results[0].shape, call.results[0].data]);
  } finally {
    await rt.close();
  }
});
