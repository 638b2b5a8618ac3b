// Memory over many load/unload cycles: loads a wasm32 program with kernels, calls it and
// unloads it N times in one runtime (in its worker, 2 threads), sampling memory every N/10
// cycles. Node: the process's RSS (main thread, runtime worker and pool worker); Chromium: the
// RSS of all the browser's processes (performance.measureUserAgentSpecificMemory cannot be used:
// it never resolves while a pool worker sleeps in Atomics.wait). Prints one row per sample and
// the growth from the first sample after warm-up to the last.
//
// --bytes: the program is read once and each load gets a copy of its bytes, instead of each
// load fetching its URL (Chromium) or reading its file (Node): the browser and the DevTools
// protocol driving it keep per-request records of their own, which the RSS of the browser's
// processes includes.
//
//   node tests/bench/cycles.mjs [--cycles=10000] [--program=tests/build/linker/matmul.wasm32.vmfb] [--chromium] [--bytes]

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    cycles: { type: 'string', default: '10000' },
    program: { type: 'string', default: 'tests/build/linker/matmul.wasm32.vmfb' },
    chromium: { type: 'boolean', default: false },
    bytes: { type: 'boolean', default: false },
  },
});
const cycles = Number(values.cycles);
const program = path.resolve(root, values.program);
const every = Math.max(1, Math.floor(cycles / 10));
const MiB = (b) => (b / 2 ** 20).toFixed(1);

// The loop both platforms run: `Weft` the platform's API object, `source` the program (its
// path or URL, or bytes that each load gets a copy of), `sample(cycle)` records memory. Calls
// the program's first function with zero tensors.
async function cycle(Weft, program, count, every, sample) {
  const source = typeof program === 'string' ? () => program : () => program.slice();
  const rt = await Weft.create({ threads: 2 });
  const probe = await rt.load(source());
  const fn = probe.functions[0];
  const args = fn.args.map((a) => {
    const m = /^tensor<((?:\d+x)*)(\w+)>$/.exec(a.type);
    const shape = m[1].split('x').filter(Boolean).map(Number);
    return { dtype: m[2], shape, data: new Float32Array(shape.reduce((n, d) => n * d, 1)) };
  });
  await probe.unload();
  for (let i = 0; i <= count; i++) {
    if (i % every === 0) await sample(i);
    if (i === count) break;
    const p = await rt.load(source());
    await p.call(fn.name, args);
    await p.unload();
  }
  await rt.close();
}

function report(rows) {
  console.log('cycles   memory (MiB)');
  for (const r of rows) console.log(`${String(r.cycle).padStart(6)}   ${MiB(r.bytes).padStart(12)}`);
  const [a, b] = [rows[1] ?? rows[0], rows.at(-1)]; // from the first sample after warm-up
  console.log(`growth from cycle ${a.cycle} to ${b.cycle}: ${MiB(a.bytes)} -> ${MiB(b.bytes)} MiB (${b.bytes >= a.bytes ? '+' : ''}${MiB(b.bytes - a.bytes)} MiB, ${((b.bytes / a.bytes - 1) * 100).toFixed(1)}%)`);
}

async function node() {
  const { Weft } = await import(path.join(root, 'glue/js/weft.node.mjs'));
  const rows = [];
  const started = performance.now();
  await cycle(Weft, values.bytes ? new Uint8Array(readFileSync(program)) : program, cycles, every, async (i) => {
    globalThis.gc?.();
    rows.push({ cycle: i, bytes: process.memoryUsage().rss });
  });
  console.log(`Node ${process.version}: ${cycles} load/call/unload cycles of ${path.relative(root, program)}${values.bytes ? ' (bytes)' : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s; memory = process RSS`);
  report(rows);
}

// RSS of every process of the browser whose profile is `profile` (Linux /proc), in bytes.
function browserRss(profile) {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profile)) continue;
      total += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {} // a process that ended meanwhile
  }
  return total;
}

async function chromium() {
  const { openBrowser } = await import(path.join(root, 'tests/web/browser.mjs'));
  const browser = await openBrowser({ mounts: [['/cycles/program.vmfb', program]] });
  try {
    const page = await browser.newPage('index.html');
    const rows = [];
    await page.exposeFunction('weftSample', async (i) => rows.push({ cycle: i, bytes: browserRss(browser.profile) }));
    const started = performance.now();
    await page.evaluate(async ({ count, every, body, bytes }) => {
      const { Weft } = await import('/glue/js/weft.mjs');
      const run = new Function(`return (${body})`)();
      const url = '/cycles/program.vmfb';
      const source = bytes ? new Uint8Array(await (await fetch(url)).arrayBuffer()) : url;
      await run(Weft, source, count, every, (i) => window.weftSample(i));
    }, { count: cycles, every, body: cycle.toString(), bytes: values.bytes });
    console.log(`Chromium: ${cycles} load/call/unload cycles of ${path.relative(root, program)}${values.bytes ? ' (bytes)' : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s; memory = RSS of the browser's processes`);
    report(rows);
  } finally {
    await browser.close();
  }
}

await (values.chromium ? chromium() : node());
