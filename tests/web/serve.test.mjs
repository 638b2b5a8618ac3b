// web/serve.mjs, the pages' server, with real HTTP requests (no browser): it serves what the
// pages use and nothing else of the repository, refuses path tricks and files whose real path
// leaves their folder (a models folder of symbolic links must not serve /etc/passwd), answers
// only for local host names (DNS rebinding), marks every response nosniff, never names a
// folder outside the repository, and as a command fails with one clear line for a busy port
// or bad arguments.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../web/serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SERVE = path.join(root, 'web/serve.mjs');
const README = readFileSync(path.join(root, 'README.md'), 'utf8');
const PASSWD = '/etc/passwd';

/** One GET with `target` sent exactly as written (no URL normalisation), the given Host and other headers. */
function get(server, target, host = `127.0.0.1:${server.address().port}`, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.address().port, path: target, headers: { Host: host, ...headers }, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('latin1') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every response, whatever its status, carries nosniff (and the isolation headers). */
function checkHeaders(r, what) {
  assert.equal(r.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(r.headers['cross-origin-embedder-policy'], 'require-corp', `${what}: COEP`);
}

async function expectStatus(server, target, status, host) {
  const r = await get(server, target, host);
  assert.equal(r.status, status, `${target} (Host ${host ?? 'local'}): ${r.status} ${r.body.slice(0, 80)}`);
  checkHeaders(r, target);
  return r;
}

let scratch, server;
const requests = [];
before(async () => {
  // A models folder of links: one to a file beside it (fine), others out of it.
  scratch = mkdtempSync(path.join(tmpdir(), 'weft-serve-'));
  const models = path.join(scratch, 'models');
  mkdirSync(models);
  writeFileSync(path.join(models, 'status.json'), '{"m": {"wasm32": "ok"}}');
  symlinkSync(path.join(models, 'status.json'), path.join(models, 'alias.json'));
  symlinkSync(PASSWD, path.join(models, 'passwd'));
  symlinkSync('/etc', path.join(models, 'etc'));
  symlinkSync(path.join(root, 'README.md'), path.join(models, 'readme.md'));
  // A test mount whose folder's index.html is a link out of it.
  const pages = path.join(scratch, 'pages');
  mkdirSync(path.join(pages, 'sub'), { recursive: true });
  symlinkSync(PASSWD, path.join(pages, 'sub', 'index.html'));
  writeFileSync(path.join(pages, 'page.html'), '<!doctype html><title>t</title>');
  server = await startServer(0, { benchModels: models, mounts: [['/t/', pages], ['/whole/', pages, { ranges: false }]], onRequest: (r) => requests.push(r) });
});
after(async () => {
  await new Promise((ok) => server?.close(ok));
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('serves the pages, the runtime\'s modules and its build, with the isolation headers and nosniff', async () => {
  for (const [target, type] of [['/', 'text/html'], ['/index.html', 'text/html'], ['/js/index.mjs', 'text/javascript'],
    ['/glue/js/weft.mjs', 'text/javascript'], ['/glue/js/runtime.mjs', 'text/javascript'],
    ['/glue/pkg/weft_runtime.js', 'text/javascript'], ['/glue/pkg/weft_runtime_bg.wasm', 'application/wasm'],
    ['/sources/collatz.mlir', 'text/plain'], ['/t/page.html', 'text/html']]) {
    const r = await expectStatus(server, target, 200);
    assert.ok(r.headers['content-type'].startsWith(type), `${target}: ${r.headers['content-type']}`);
    assert.equal(r.headers['cross-origin-opener-policy'], 'same-origin');
    assert.equal(r.headers['cross-origin-resource-policy'], 'same-origin');
  }
});

test('nothing else of glue/: sources, scripts, tests and type declarations are not found', async () => {
  for (const file of ['glue/src/lib.rs', 'glue/Cargo.toml', 'glue/build.sh', 'glue/README.md', 'glue/js/weft.d.ts',
    'glue/tests/common.mjs', 'glue/target/spec.mlir', 'glue/target/wasm-ld-wrapper']) {
    assert.ok(existsSync(path.join(root, file)), `${file} exists (else this case proves nothing)`);
    await expectStatus(server, `/${file}`, 404);
  }
});

test('paths with . or .. segments (plain or percent-encoded), NUL or backslashes are refused', async () => {
  for (const target of ['/glue/js/../../README.md', '/../README.md', '/%2e%2e/README.md', '/%2E%2E/%2e%2E/README.md',
    '/samples/..%2f..%2f..%2fREADME.md', '/glue/js/%2e/weft.mjs', '/./index.html', '/index.html%00.js',
    '/glue\\js\\weft.mjs', '/glue/js/%5c..%5c..%5cREADME.md', '/%zz']) {
    const r = await expectStatus(server, target, 400);
    assert.match(r.body, /^bad request: /, target);
    assert.ok(!r.body.includes(README.slice(0, 40)), target);
  }
});

test('links out of a served folder are refused, links within it are followed', async () => {
  const passwd = readFileSync(PASSWD, 'utf8');
  for (const target of ['/bench/models/passwd', '/bench/models/etc/passwd', '/bench/models/readme.md', '/t/sub/', '/t/sub/index.html']) {
    const r = await expectStatus(server, target, 403);
    assert.match(r.body, /^forbidden: the file is outside the folder this path serves/, target);
    assert.ok(!r.body.includes(passwd.slice(0, 20)), target);
  }
  const r = await expectStatus(server, '/bench/models/alias.json', 200);
  assert.deepEqual(JSON.parse(r.body), { m: { wasm32: 'ok' } });
});

test('answers only for 127.0.0.1, localhost and [::1] (any port); other Host headers get 403', async () => {
  const port = server.address().port;
  for (const host of [`127.0.0.1:${port}`, '127.0.0.1', 'localhost', `localhost:${port}`, 'LocalHost:1', `[::1]:${port}`, '[::1]']) {
    await expectStatus(server, '/index.html', 200, host);
  }
  for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1.evil.example', 'localhost.evil.example', '127.0.0.2',
    '[::2]', `127.0.0.1:${port}:1`, '0.0.0.0']) {
    const r = await expectStatus(server, '/index.html', 403, host);
    assert.match(r.body, /^forbidden: this server answers only for 127\.0\.0\.1, localhost or \[::1\]/, host);
  }
  // No Host header at all (HTTP/1.0 allows it).
  const raw = await new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end('GET /index.html HTTP/1.0\r\n\r\n'));
    let text = '';
    socket.on('data', (d) => { text += d; });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  assert.match(raw, /^HTTP\/1\.[01] 403 /);
  assert.match(raw, /\r\nX-Content-Type-Options: nosniff\r\n/i);
});

test('/bench/suite.json names a models folder outside the repository without its path', async () => {
  const r = await expectStatus(server, '/bench/suite.json', 200);
  const manifest = JSON.parse(r.body);
  assert.equal(manifest.dir, 'a folder outside the repository (set by WEFT_BENCH_MODELS)');
  assert.deepEqual(manifest.models, { m: { wasm32: 'ok' } });
  assert.ok(!r.body.includes(scratch) && !r.body.includes(tmpdir()), r.body);
  // Inside the repository: the path relative to it.
  const inside = await startServer(0, { benchModels: path.join(root, 'tests/bench/build') });
  try {
    assert.equal(JSON.parse((await get(inside, '/bench/suite.json')).body).dir, 'tests/bench/build');
  } finally {
    await new Promise((ok) => inside.close(ok));
  }
});

/** Runs `node web/serve.mjs args` until it exits or prints its URL; returns {code, stdout, stderr}. */
function serveCommand(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVE, ...args], { cwd: root });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) child.kill(); // it started: stop it (the caller checks what it printed)
    });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('the command: a busy port is one clear line and exit code 1', async () => {
  const port = server.address().port;
  const r = await serveCommand([`--port=${port}`]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, `web/serve.mjs: port ${port} of 127.0.0.1 is already in use; stop what uses it or pick another with --port=N\n`);
  assert.equal(r.stdout, '');
});

test('the command: a bad --port or an unknown argument prints the usage and exits 1, without a stack trace', async () => {
  for (const [args, first] of [[['--port=abc'], "--port must be a whole number from 0 to 65535, not 'abc'"],
    [['--port=-1'], "--port must be a whole number from 0 to 65535, not '-1'"],
    [['--port=65536'], "--port must be a whole number from 0 to 65535, not '65536'"],
    [['--port=1.5'], "--port must be a whole number from 0 to 65535, not '1.5'"],
    [['--port='], "--port must be a whole number from 0 to 65535, not ''"],
    [['--host=0.0.0.0'], "unknown argument '--host=0.0.0.0'"],
    [['8080'], "unknown argument '8080'"]]) {
    const r = await serveCommand(args);
    assert.equal(r.code, 1, `${args}: ${r.stderr}`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines[0], `web/serve.mjs: ${first}`);
    assert.match(lines[1], /^usage: node web\/serve\.mjs \[--port=N\]/);
    assert.equal(lines.length, 2, r.stderr);
  }
  // And a good one starts and prints its URL.
  const ok = await serveCommand(['--port=0']);
  assert.match(ok.stdout, /^Weft demo: http:\/\/127\.0\.0\.1:\d+\/\n$/);
  assert.equal(ok.stderr, '');
});

test('a byte range is answered 206 with Content-Range; a range past the end 416; a mount without ranges answers whole', async () => {
  const page = '<!doctype html><title>t</title>';
  const range = (target, value) => get(server, target, undefined, { Range: value });
  for (const [value, start, end] of [['bytes=0-0', 0, 0], ['bytes=2-9', 2, 9], ['bytes=10-', 10, page.length - 1], ['bytes=-5', page.length - 5, page.length - 1], ['bytes=3-1000', 3, page.length - 1]]) {
    const r = await range('/t/page.html', value);
    assert.equal(r.status, 206, value);
    assert.equal(r.headers['content-range'], `bytes ${start}-${end}/${page.length}`, value);
    assert.equal(r.body, page.slice(start, end + 1), value);
    checkHeaders(r, value);
  }
  const past = await range('/t/page.html', `bytes=${page.length}-`);
  assert.equal(past.status, 416);
  assert.equal(past.headers['content-range'], `bytes */${page.length}`);
  for (const [target, value] of [['/t/page.html', 'bytes=0-1,4-5'], ['/t/page.html', 'items=0-1'], ['/whole/page.html', 'bytes=0-0']]) {
    const r = await range(target, value);
    assert.equal(r.status, 200, `${target} ${value}`);
    assert.equal(r.body, page, `${target} ${value}`);
  }
  assert.equal((await get(server, '/whole/page.html')).headers['accept-ranges'], undefined);
  assert.equal((await get(server, '/t/page.html')).headers['accept-ranges'], 'bytes');
  assert.deepEqual(requests.filter((r) => r.path === '/whole/page.html').map((r) => r.range), ['bytes=0-0', undefined], 'onRequest sees each request');
});
