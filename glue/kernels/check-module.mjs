// Checks a built kernel module owns no part of the memory it shares with the runtime: it
// imports env.memory (shared), has no data section, no start function, and exports every
// kernel of signatures.json (generated from glue/target/kernel-table.mjs) with its parameter count.
//   node glue/kernels/check-module.mjs glue/pkg/weft_kernels_simd128.wasm
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const bytes = readFileSync(file);
const fail = (msg) => { console.error(`${file}: ${msg}`); process.exit(1); };

// Section ids of the module (id byte, LEB128 size, payload).
const ids = [];
for (let at = 8; at < bytes.length;) {
  const id = bytes[at++];
  let size = 0, shift = 0, b;
  do { b = bytes[at++]; size |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
  ids.push(id);
  at += size;
}
if (ids.includes(11)) fail('has a data section (it would write into the runtime\'s memory)');
if (ids.includes(8)) fail('has a start function');

const module = new WebAssembly.Module(bytes);
const imports = WebAssembly.Module.imports(module);
if (!imports.some((i) => i.module === 'env' && i.name === 'memory' && i.kind === 'memory')) fail('does not import env.memory');
const other = imports.filter((i) => !(i.module === 'env' && i.name === 'memory'));
if (other.length) fail(`imports ${other.map((i) => `${i.module}.${i.name}`).join(', ')}; it may import only env.memory`);

const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
const { exports } = new WebAssembly.Instance(module, { env: { memory } });
const kernels = JSON.parse(readFileSync(new URL('./signatures.json', import.meta.url), 'utf8'));
if (!kernels.length) fail('signatures.json lists no kernels');
for (const { symbol, params } of kernels) {
  if (typeof exports[symbol] !== 'function') fail(`does not export ${symbol}`);
  if (exports[symbol].length !== params.length) fail(`${symbol} takes ${exports[symbol].length} parameters; signatures.json says ${params.length} (${params.join(', ')})`);
}
