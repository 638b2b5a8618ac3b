// External parameters through the JS API (`load(program, {parameters})`): every recorded run
// of tests/programs/params (parameter files in .irpa, safetensors and GGUF, made at fixture
// time) through the worker and direct runtimes, VMVX and wasm32 builds, against the
// reference runtime's results on the same files; the files it refuses, with each failure's
// code and a message naming the key and the file; the load's progress; the sources a caller
// may give (paths, file: URLs, bytes, Blobs, URLs of a local server); and the memory a 100 MiB
// archive costs (read in place: no second copy).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Weft, WeftError } from '../js/weft.node.mjs';
import { root, oraclePrograms, runOracle, cliMismatch, parametersOf } from './common.mjs';

const dir = path.join(root, 'tests/build/params');
const file = (name) => path.join(dir, name);


const oracle = (name) => JSON.parse(readFileSync(file(`${name}.oracle.json`), 'utf8'));
const mlpRun = oracle('mlp').runs[0];
const mlpCall = mlpRun.calls[0];
const mlpPrinted = mlpCall.iree_run_module.stdout.split('\n')[2]; // 2x3xf32=[...][...]

// First, while this thread's runtime memory is fresh: what the load adds is the archive's
// parameters, in their buffers, and nothing else of its size.
test('100 MiB of parameters load with no second copy in the JS heap or linear memory', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const rt = await Weft.create({ worker: false });
  try {
    // A first load compiles and allocates what every later load reuses: not part of the measure.
    await (await rt.load(file('mlp.vmvx.vmfb'), { parameters: parametersOf(oracle('mlp').runs[0]) })).unload();
    const archive = file('large.large.irpa');
    const size = statSync(archive).size;
    gc();
    const before = { usage: rt._usage(), node: process.memoryUsage() };
    const p = await rt.load(file('large.vmvx.vmfb'), { parameters: { big: archive } });
    gc();
    const after = { usage: rt._usage(), node: process.memoryUsage() };
    const call = oracle('large').runs[0].calls[0];
    const { results } = await p.callText(call.function, call.inputs);
    assert.equal(`EXEC @${call.function}\nresult[0]: ${results[0]}\n`, call.iree_run_module.stdout);
    const mib = (n) => (n / 2 ** 20).toFixed(1);
    const grew = {
      heap: after.usage.heapBytes - before.usage.heapBytes,
      memory: after.usage.memoryBytes - before.usage.memoryBytes,
      rss: after.node.rss - before.node.rss,
      jsArrayBuffers: after.node.arrayBuffers - before.node.arrayBuffers, // the runtime's memory is not among them
    };
    console.log(`archive ${mib(size)} MiB: Weft heap +${mib(grew.heap)} MiB, linear memory +${mib(grew.memory)} MiB, RSS +${mib(grew.rss)} MiB, JS ArrayBuffers +${mib(grew.jsArrayBuffers)} MiB`);
    // The parameters in their buffers and the program; a second copy of the archive would double it.
    const slack = 8 * 2 ** 20;
    assert.ok(grew.heap >= size - 2 ** 20 && grew.heap < size + slack, `heap grew ${mib(grew.heap)} MiB`);
    assert.ok(grew.memory < size + slack, `linear memory grew ${mib(grew.memory)} MiB for a ${mib(size)} MiB archive`);
    assert.ok(grew.jsArrayBuffers < slack, `JS ArrayBuffers grew ${mib(grew.jsArrayBuffers)} MiB`);
    // What the process holds besides linear memory: a second copy in native memory would add
    // the archive's size. The load touches up to 70 MiB there besides (measured after a
    // warm-up load and a gc, 2-68 MiB over runs; without the warm-up 27-92 MiB).
    assert.ok(grew.rss - grew.memory < 0.85 * size, `RSS grew ${mib(grew.rss)} MiB, ${mib(grew.rss - grew.memory)} MiB of it outside linear memory`);
    await p.unload();
  } finally {
    await rt.close();
  }
});

for (const target of ['vmvx', 'wasm32']) {
  const programs = oraclePrograms('params', target).filter((p) => !p.loadError);
  for (const worker of [true, false]) {
    test(`every params program (${target}) matches the reference runtime on its files (${worker ? 'worker' : 'direct'})`, async () => {
      const rt = await Weft.create({ worker });
      try {
        const { failures, calls } = await runOracle(rt, programs, (run) => ({ parameters: parametersOf(run) }));
        assert.ok(calls >= (target === 'vmvx' ? 12 : 9), `only ${calls} calls`);
        assert.deepEqual(failures, [], `${failures.length} of ${calls} calls differ`);
      } finally {
        await rt.close();
      }
    });
  }
}

// The code each refused run must have: files the reference refuses while indexing them are
// INVALID_PROGRAM; io_parameters failures by their status (a scope or key no file has:
// NOT_FOUND; a parameter smaller than the global: BAD_ARGUMENT).
function expectedCode(reference) {
  if (!/io_parameters\./.test(reference)) return 'INVALID_PROGRAM';
  return { NOT_FOUND: 'NOT_FOUND', OUT_OF_RANGE: 'BAD_ARGUMENT' }[reference.split(';')[0]];
}

for (const worker of [true, false]) {
  test(`files the reference refuses are refused with a fitting code, naming the key and the file; the runtime goes on (${worker ? 'worker' : 'direct'})`, async () => {
    const rt = await Weft.create({ worker });
    const errors = oracle('errors');
    const module = file('errors.vmvx.vmfb');
    try {
      for (const run of errors.runs) {
        const reference = run.calls[0].error;
        const given = run.parameters.map((p) => path.join(root, p.file));
        const error = await rt.load(module, { parameters: parametersOf(run) }).then(() => null, (e) => e);
        assert.ok(error instanceof WeftError, `${given}: loaded; the reference says ${reference}`);
        assert.equal(error.code, expectedCode(reference), `${given}: ${error.message}\nreference: ${reference}`);
        // The key (where the program's read failed) and the file (where the scope has one).
        if (/io_parameters\./.test(reference)) assert.match(error.message, /`v`/);
        const scopeHasFile = run.parameters.some((p) => p.scope === 'model');
        if (scopeHasFile) assert.ok(error.message.includes(given[0]), `${error.message} does not name ${given[0]}`);
        else assert.match(error.message, /scope 'model'.*registered scopes: 'other'/s);
        const p = await rt.load(file('mlp.vmvx.vmfb'), { parameters: parametersOf(mlpRun) });
        const { results } = await p.callText('mlp', mlpCall.inputs);
        assert.equal(results[0].split('\n')[1], mlpPrinted);
        await p.unload();
      }
    } finally {
      await rt.close();
    }
  });
}

for (const worker of [true, false]) {
  test(`bad parameter options and unreadable files fail clearly (${worker ? 'worker' : 'direct'})`, async () => {
    const rt = await Weft.create({ worker });
    const mlp = file('mlp.vmvx.vmfb');
    const load = (parameters) => rt.load(mlp, { parameters });
    try {
      await assert.rejects(load('weights.irpa'), { code: 'BAD_ARGUMENT', message: /parameters must be an object \{scope: source/ });
      await assert.rejects(load({ model: [] }), { code: 'BAD_ARGUMENT', message: /parameters\['model'\] is an empty list/ });
      await assert.rejects(load({ model: 42 }), { code: 'BAD_ARGUMENT', message: /a parameter file for scope 'model' must be a URL, a path/ });
      await assert.rejects(load({ '': { source: new Uint8Array(4), name: 7 } }), { code: 'BAD_ARGUMENT', message: /the name of a parameter file for the unnamed scope/ });
      await assert.rejects(load({ model: new Uint8Array(64) }), { code: 'BAD_ARGUMENT', message: /cannot tell the format of the bytes given for scope 'model'.*\{source, name: 'weights\.irpa'\}/ });
      const missing = file('no-such-weights.irpa');
      await assert.rejects(load({ model: missing }), (e) => e.code === 'NOT_FOUND' && e.syscallCode === 'ENOENT' && e.message.includes(missing));
      await assert.rejects(load({ model: dir }), (e) => e.code === 'NOT_FOUND' && e.message.includes(dir));
      await assert.rejects(load({ model: file('mlp.oracle.json') }), { code: 'INVALID_PROGRAM', message: /mlp\.oracle\.json': unsupported file format `json`/ });
      // Scatter writes into a parameter; files given to the API are read-only (as iree-run-module opens them).
      const scatter = await rt.load(file('scatter.vmvx.vmfb'), { parameters: parametersOf(oracle('scatter').runs[0]) });
      await assert.rejects(scatter.callText('write', ['3xf32=7 8 9']), { code: 'UNSUPPORTED', message: /PERMISSION_DENIED; io_parameters\.scatter: parameter `v` of '.*scatter\.vector\.irpa' cannot be written: the file is read-only/ });
      await scatter.unload();
      const p = await load(parametersOf(mlpRun));
      assert.equal((await p.callText('mlp', mlpCall.inputs)).results[0].split('\n')[1], mlpPrinted);
    } finally {
      await rt.close();
    }
  });
}

// A local HTTP server for the parameter files: honours single byte ranges unless `ranges` is
// false; counts requests; `fail` (a path) answers 500.
async function fileServer({ ranges = true } = {}) {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push({ url: req.url, range: req.headers.range });
    const name = path.basename(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    let body;
    try {
      body = readFileSync(file(name));
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const m = ranges && /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (m) {
      const [start, end] = [Number(m[1]), Math.min(Number(m[2]), body.length - 1)];
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${body.length}`, 'Content-Length': end - start + 1 }).end(body.subarray(start, end + 1));
    } else {
      res.writeHead(200, { 'Content-Length': body.length }).end(body);
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, requests, close: () => new Promise((ok) => server.close(ok)) };
}

for (const worker of [false, true]) {
  test(`every kind of source gives the same results; sources that cannot be read in place are read whole, said once (${worker ? 'worker' : 'direct'})`, async () => {
    const server = await fileServer();
    // The logger takes console.warn when the runtime is created (a worker's logs stay there).
    const warn = console.warn;
    const printed = [];
    console.warn = (m) => printed.push(String(m));
    const rt = await Weft.create({ worker }).finally(() => { console.warn = warn; });
    const irpa = file('mlp.mlp.irpa');
    const bytes = new Uint8Array(readFileSync(irpa));
    try {
      const sources = {
        path: irpa,
        'file: URL string': pathToFileURL(irpa).href,
        'file: URL': pathToFileURL(irpa),
        'named path': { source: irpa, name: 'weights.irpa' },
        bytes,
        ArrayBuffer: bytes.slice().buffer,
        Blob: new Blob([bytes]),
        'http URL': `${server.url}mlp.mlp.irpa?v=1`,
      };
      for (const [kind, source] of Object.entries(sources)) {
        printed.length = 0;
        const p = await rt.load(file('mlp.vmvx.vmfb'), { parameters: { model: source } });
        assert.equal((await p.callText('mlp', mlpCall.inputs)).results[0].split('\n')[1], mlpPrinted, kind);
        await p.unload();
        if (worker) continue;
        const whole = kind === 'Blob' || kind === 'http URL';
        assert.equal(printed.length, whole ? 1 : 0, `${kind}: ${printed}`);
        if (whole) assert.match(printed[0], new RegExp(`only asynchronously, so the whole file \\(${bytes.byteLength} bytes\\) was read into memory`));
      }
      assert.equal(bytes.byteLength, statSync(irpa).size, "the caller's bytes are not detached");
      // The URL was probed with a one-byte range, then fetched whole once.
      assert.deepEqual(server.requests.map((r) => r.range), ['bytes=0-0', undefined]);
      await assert.rejects(rt.load(file('mlp.vmvx.vmfb'), { parameters: { model: `${server.url}gone.irpa` } }), { code: 'NOT_FOUND', message: /gone\.irpa: HTTP 404/ });
      const closed = await fileServer();
      await closed.close();
      await assert.rejects(rt.load(file('mlp.vmvx.vmfb'), { parameters: { model: `${closed.url}mlp.mlp.irpa` } }), { code: 'NETWORK', message: /cannot read http:\/\/127\.0\.0\.1:\d+\/mlp\.mlp\.irpa/ });
    } finally {
      await rt.close();
      await server.close();
    }
  });
}

for (const worker of [true, false]) {
  test(`the load reports the parameters stage after initialize, up to what was read (${worker ? 'worker' : 'direct'})`, async () => {
    const rt = await Weft.create({ worker });
    const parameterReports = async (name) => {
      const reports = [];
      const p = await rt.load(file(`${name}.wasm32.vmfb`), { parameters: parametersOf(oracle(name).runs[0]), onProgress: (r) => reports.push(r) });
      await p.unload();
      const stages = reports.map((r) => r.stage).filter((s, i, all) => s !== all[i - 1]);
      assert.deepEqual(stages, ['download', 'verify', 'link', 'compile', 'initialize', 'parameters'], name);
      const params = reports.filter((r) => r.stage === 'parameters');
      for (let i = 1; i < params.length; i++) assert.ok(params[i].loaded >= params[i - 1].loaded, 'loaded only grows');
      assert.equal(params.at(-1).loaded, params.at(-1).total, name);
      return params;
    };
    try {
      // The MLP reads every parameter of its archive once: the total is known before the reads.
      const mlp = await parameterReports('mlp');
      assert.equal(mlp[0].loaded, 0);
      assert.ok(mlp.length > 2 && mlp[0].total === mlp.at(-1).loaded, JSON.stringify(mlp));
      // Two files, parameters read whole, in slices and twice: the reports still end at what was read.
      const shared = await parameterReports('shared');
      assert.ok(shared.at(-1).loaded > 0);
      // Without parameters there is no parameters stage.
      const plain = [];
      await (await rt.load(file('../vm/i32_arith.vmvx.vmfb'), { onProgress: (r) => plain.push(r.stage) })).unload();
      assert.ok(!plain.includes('parameters'));
    } finally {
      await rt.close();
    }
  });
}

test("the seed API's ireeLoadProgram takes the same parameters option", async () => {
  const iree = await import('../js/iree_api.node.mjs');
  await iree.ireeInitializeWorker();
  const program = await iree.ireeLoadProgram(file('mlp.wasm32.vmfb'), { parameters: parametersOf(mlpRun) });
  const { outputs } = await iree.ireeCallFunction(program, 'mlp', mlpCall.inputs);
  assert.equal(outputs, mlpPrinted); // a buffer view prints as iree-run-module prints it
  await iree.ireeUnloadProgram(program);
  await assert.rejects(iree.ireeLoadProgram(file('mlp.wasm32.vmfb')), { code: 'NOT_FOUND', message: /no parameter file is registered/ });
});

function weft(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'glue/js/cli.mjs'), ...args], { cwd: root }, (error, stdout, stderr) => resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }));
  });
}

test('weft run --parameters prints what iree-run-module --parameters prints, refused files included', async () => {
  const programs = ['vmvx', 'wasm32'].flatMap((target) => oraclePrograms('params', target));
  const cases = programs.flatMap((p) => p.oracle.runs.flatMap((run) => run.calls.filter((c) => c.iree_run_module).map((call) => ({ p, call }))));
  const failures = [];
  for (let i = 0; i < cases.length; i += 4) {
    await Promise.all(cases.slice(i, i + 4).map(async ({ p, call }) => {
      // The reference's flags, --parameters=scope=FILE included, on this build.
      const argv = call.iree_run_module.argv.slice(1).map((a) => (a.startsWith('--module=') ? `--module=${path.relative(root, p.module)}` : a));
      const m = cliMismatch(p, call, await weft(['run', ...argv]));
      if (m) failures.push(`weft run ${argv.join(' ')}: ${m}`);
    }));
  }
  assert.ok(cases.length >= 30, `only ${cases.length} cases`);
  assert.ok(cases.some(({ call }) => call.iree_run_module.exit_code !== 0), 'refused files are among the cases');
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} differ`);
  const usage = await weft(['run', '--module=tests/build/params/mlp.vmvx.vmfb', '--function=mlp', '--parameters=model=']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /--parameters=model=: no file given/);
});

/** {`scope::key`: length} of parameter files as iree-dump-parameters lists them. */
function dumpedLengths(parameters) {
  const out = execFileSync(path.join(root, '.venv/bin/iree-dump-parameters'), parameters.map((p) => `--parameters=${p.scope ? `${p.scope}=` : ''}${p.file}`), { cwd: root, encoding: 'utf8' });
  const lengths = {};
  let scope = null;
  for (const line of out.split('\n')) {
    const header = /^\/\/ Parameter scope (?:`(.*)`|<global>)/.exec(line);
    if (header) scope = header[1] ?? '';
    const row = /^\s*\S+\s*\|\s*\S+\s*\|\s*(\d+)\s*\|\s*`(.*)`\s*$/.exec(line);
    if (row) lengths[`${scope}::${row[2]}`] ??= Number(row[1]); // the first file with a key serves it
  }
  return lengths;
}

test('weft inspect lists the parameters a program reads, with sizes that fit its files as iree-dump-parameters lists them', async () => {
  let checked = 0;
  for (const target of ['vmvx', 'wasm32']) {
    for (const p of oraclePrograms('params', target)) {
      const { code, stdout, stderr } = await weft(['inspect', path.relative(root, p.module)]);
      assert.equal(code, 0, stderr);
      const listed = [...stdout.matchAll(/^ {4}(?:scope '(.*)'|unnamed scope), key '(.*)': (\d+) bytes(?: at offset (\d+))?$/gm)]
        .map((m) => ({ scope: m[1] ?? '', key: m[2], length: Number(m[3]), offset: Number(m[4] ?? 0) }));
      assert.doesNotMatch(stdout, /operands are not constants/, p.name);
      if (p.name === 'scatter') {
        assert.deepEqual(listed, [], 'scatter only writes');
        continue;
      }
      assert.ok(listed.length > 0, `${p.name}: nothing listed:\n${stdout}`);
      // errors.mlir's runs give broken files, or the intact vector archive as scope 'other'.
      const files = p.loadError ? p.oracle.runs.flatMap((r) => r.parameters).filter((f) => f.file.endsWith('errors.vector.irpa')).map((f) => ({ ...f, scope: 'model' })) : p.oracle.runs[0].parameters;
      const lengths = dumpedLengths(files);
      for (const r of listed) {
        const length = lengths[`${r.scope}::${r.key}`];
        assert.ok(length !== undefined, `${p.name}: ${r.scope}::${r.key} is in none of its files`);
        assert.ok(r.offset + r.length <= length, `${p.name}: ${r.scope}::${r.key} read ${r.length} at ${r.offset}, the file has ${length}`);
        if (p.name === 'mlp' || p.name === 'large') assert.equal(r.length, length, `${p.name} reads ${r.key} whole`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 30, `only ${checked} reads checked`);
});
