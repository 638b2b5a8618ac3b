// A corrupted heap must end in an Error, never a hang. The campaign's first hangs (issue 13)
// were a side module whose data overwrote dlmalloc's chunk headers (the linker now refuses
// such modules): the next free failed dlmalloc's size check, a panic inside the allocator,
// and the panic handler's message formatting waited forever for the allocator lock its own
// thread held (Node's --cpu-prof: __rust_alloc <- format <- rust_begin_unwind <- ... <-
// __rust_dealloc <- drop of loader::Prepared <- Runtime::unload). Here the heap is corrupted
// the same way from JS (one block's chunk header), in a child process so a hang fails the
// test instead of blocking it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, oraclePrograms } from './common.mjs';

const abs = oraclePrograms('samples', 'wasm32').find((p) => p.name === 'simple_abs');

const SCRIPT = `
  import { Weft } from ${JSON.stringify(path.join(root, 'glue/js/weft.node.mjs'))};
  const outcome = async (f) => { try { return { ok: await f() }; } catch (e) { return { code: e?.code, message: e?.message ?? String(e) }; } };
  const rt = await Weft.create({ worker: false });
  // The call frame is a heap block; its dlmalloc chunk header (the word before it) gets an
  // impossible size, flags kept, as an out-of-region write would leave it.
  const frame = rt._guard((c) => c.frame(4));
  const view = new DataView(rt._memory().buffer);
  view.setUint32(frame - 4, 0x7ffffff0 | (view.getUint32(frame - 4, true) & 7), true);
  const out = {};
  out.free = await outcome(() => rt._guard((c) => c.frame(1000))); // grows it: frees the block
  out.load = await outcome(() => rt.load(${JSON.stringify(abs.module)}));
  const absOf = async (runtime) => (await (await runtime.load(${JSON.stringify(abs.module)})).call('abs', [{ dtype: 'f32', shape: [], data: new Float32Array([-2.5]) }]))[0].data[0];
  // A new runtime in this thread is a fresh instance of the runtime module on a new memory.
  const again = await Weft.create({ worker: false });
  out.again = await outcome(() => absOf(again));
  out.stale = await outcome(() => rt.load(${JSON.stringify(abs.module)}));
  const fresh = await Weft.create(); // a worker: its own module and memory
  out.fresh = await outcome(() => absOf(fresh));
  await fresh.close();
  console.log(JSON.stringify(out));
  process.exit(0);
`;

test('a panic inside the allocator loses the runtime (RUNTIME_LOST), which then refuses work instead of hanging; a new runtime in the same thread works', { timeout: 90_000 }, async () => {
  // A file, not --eval: worker threads inherit the process's flags.
  const script = path.join(mkdtempSync(path.join(os.tmpdir(), 'weft-heap-')), 'corrupt.mjs');
  writeFileSync(script, SCRIPT);
  const { stdout, error } = await new Promise((resolve) => {
    execFile(process.execPath, [script], { cwd: root, timeout: 60_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) =>
      resolve({ stdout, error: error && `${error.killed ? 'hung (killed after 60 s)' : `exit ${error.code}`}: ${stderr}` }));
  });
  assert.equal(error, null);
  const out = JSON.parse(stdout.trim().split('\n').pop());
  assert.equal(out.free.code, 'RUNTIME_LOST');
  assert.match(out.free.message, /^the runtime stopped after an internal error \(weft panic: .*assertion failed.*\); create a new runtime$/s);
  assert.equal(out.load.code, 'RUNTIME_LOST');
  assert.equal(out.load.message, out.free.message);
  // The reference's result for abs(-2.5), from a new runtime in this thread and from a worker;
  // the lost runtime still refuses work.
  const expected = { ok: abs.oracle.runs[0].calls[0].results[0].data[0] };
  assert.deepEqual(out.again, expected);
  assert.deepEqual(out.fresh, expected);
  assert.equal(out.stale.code, 'RUNTIME_LOST');
  assert.equal(out.stale.message, out.free.message);
});
