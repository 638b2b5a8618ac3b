// Float accumulation (tests/programs/numerics, whose headers give the numbers): Weft's result
// of a long f32 reduction is the reference runtime's, bit for bit, however many threads run it;
// a check that expects the exact sum fails under `weft test` with that very value.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Weft } from '../js/weft.node.mjs';
import { root, oraclePrograms, runOracle, programDirectives } from './common.mjs';

const rowSum = (target) => oraclePrograms('numerics', target).find((p) => p.name === 'row_sum');

test('row sums of 2x40960 f32: the wasm32 build gives the x86 reference result on 1 and 2 threads, one workgroup per row', async () => {
  const wasm32 = rowSum('wasm32');
  assert.ok(wasm32, 'tests/build/numerics/row_sum.wasm32.vmfb with its oracle');
  // 1 thread in a worker; 2 in this thread (one runtime module per thread), where the
  // workgroup counts can be read.
  for (const [threads, worker] of [[1, true], [2, false]]) {
    const rt = await Weft.create({ worker, threads });
    try {
      assert.equal((await rt.info()).threads, threads);
      if (!worker) rt._workgroupCounts();
      const { failures, calls } = await runOracle(rt, [wasm32]);
      assert.equal(calls, 2);
      assert.deepEqual(failures, [], `${threads} thread(s)`);
      if (worker) continue;
      // Each row is summed whole by one workgroup: no partial sums cross workgroups or threads.
      const counts = rt._workgroupCounts();
      assert.equal(counts.reduce((a, b) => a + b, 0), calls * 2, `workgroups per thread: ${counts}`);
    } finally {
      await rt.close();
    }
  }
});

test('row sums of 2x40960 f32: the VMVX build gives the reference result too', async () => {
  const rt = await Weft.create();
  try {
    const { failures, calls } = await runOracle(rt, [rowSum('vmvx')]);
    assert.equal(calls, 2);
    assert.deepEqual(failures, []);
  } finally {
    await rt.close();
  }
});

test('weft test: the row sum check fails as the program declares, showing the reference row sum', async () => {
  const program = rowSum('wasm32');
  const mustFail = programDirectives('numerics').find((p) => p.name === 'row_sum').expect_fail.map((f) => f.function);
  assert.deepEqual(mustFail, ['row_sum_check']);
  const got = await new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'glue/js/cli.mjs'), 'test', `--module=${program.module}`], { cwd: root },
      (error, stdout, stderr) => resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
  });
  assert.equal(got.code, 1, got.stderr);
  const line = got.stdout.split('\n').find((l) => l.startsWith('FAIL row_sum_check:'));
  assert.ok(line, got.stdout);
  // The left-hand value is the sum the reference runtime returned for row_sum.
  const [reference] = program.oracle.runs[0].calls[0].results[0].data;
  assert.match(line, /check\.expect_almost_eq failed/);
  assert.ok(line.includes(`element 0 is ${reference} on the left`), `${line} (reference row sum ${reference})`);
});
