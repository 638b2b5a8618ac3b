// Runs one linked IREE side module in Node the way Weft's glue will: a shared memory, a table per
// instance, a stack per instance, __weft_init, then iree_hal_executable_library_query and every
// workgroup of one dispatch. Usage: node dispatch.cjs config.json
// The config (written by the Rust test) gives the layout the plan asked for, the buffers and the
// workgroup count; the output buffer is written to config.output.
'use strict';
const fs = require('fs');
const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const memory = new WebAssembly.Memory({ initial: cfg.initial_pages, maximum: cfg.maximum_pages, shared: true });
const u8 = () => new Uint8Array(memory.buffer);
const dv = () => new DataView(memory.buffer);

// libm the runtime would export (f32 semantics of C).
const f = Math.fround;
const libm = {
  fmaxf: (a, b) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : f(Math.max(a, b))),
  fminf: (a, b) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : f(Math.min(a, b))),
  fmodf: (a, b) => f(a % b),
  roundf: (a) => (Number.isFinite(a) ? f(Math.sign(a) * Math.floor(Math.abs(a) + 0.5)) : a),
  log10f: (a) => f(Math.log10(a)),
  expf: (a) => f(Math.exp(a)),
  memcpy: (d, s, n) => { u8().copyWithin(d, s, s + n); return d; },
  memset: (d, c, n) => { u8().fill(c & 255, d, d + n); return d; },
};

const wasmModule = new WebAssembly.Module(fs.readFileSync(cfg.wasm));
function instantiate(stackTop) {
  const table = new WebAssembly.Table({ initial: cfg.table_base + cfg.table_size, element: 'anyfunc' });
  const env = { memory, __indirect_function_table: table,
                __weft_stack_top: new WebAssembly.Global({ value: 'i32', mutable: false }, stackTop) };
  const instance = new WebAssembly.Instance(wasmModule, { env, weft: libm });
  return { instance, table };
}

for (const b of cfg.buffers) {
  if (b.input) u8().set(fs.readFileSync(b.input), b.addr);
}

const report = { instances: [] };
// Two instances, as two workers would have; each one initialises (only the first copies) and
// runs the dispatch on its own table and stack. Both must produce the same output.
let output = null;
for (let n = 0; n < 2; n++) {
  const { instance, table } = instantiate(cfg.stack_tops[n]);
  instance.exports.__weft_init();
  const flag = dv().getInt32(cfg.flag_addr, true);
  const lib = instance.exports.iree_hal_executable_library_query(6, cfg.env_addr);
  if (lib === 0) throw new Error('query returned NULL');
  const d = dv();
  const header = d.getUint32(lib, true);
  const version = d.getUint32(header, true);
  const exportCount = d.getUint32(lib + 12, true);
  const ptrs = d.getUint32(lib + 16, true);
  const attrs = d.getUint32(lib + 20, true);
  const fn = table.get(d.getUint32(ptrs + 4 * cfg.export_ordinal, true));
  const attr = attrs ? attrs + 64 * cfg.export_ordinal : 0;
  const wgs = attr ? [d.getUint32(attr + 12, true), d.getUint32(attr + 16, true), d.getUint16(attr + 20, true)] : [1, 1, 1];
  const localPages = attr ? d.getUint16(attr + 8, true) : 0;
  if (localPages) throw new Error('kernel wants local memory');
  // dispatch_state_v0
  const ds = cfg.dispatch_state_addr;
  for (let i = 0; i < 36; i++) d.setUint8(ds + i, 0);
  d.setUint32(ds + 0, wgs[0] || 1, true); d.setUint32(ds + 4, wgs[1] || 1, true); d.setUint16(ds + 8, wgs[2] || 1, true);
  d.setUint32(ds + 12, cfg.workgroups[0], true); d.setUint32(ds + 16, cfg.workgroups[1], true);
  d.setUint16(ds + 20, cfg.workgroups[2], true);
  d.setUint8(ds + 22, 1);
  d.setUint8(ds + 23, cfg.buffers.length);
  d.setUint32(ds + 28, cfg.binding_ptrs_addr, true);
  d.setUint32(ds + 32, cfg.binding_lengths_addr, true);
  cfg.buffers.forEach((b, i) => {
    d.setUint32(cfg.binding_ptrs_addr + 4 * i, b.addr, true);
    d.setUint32(cfg.binding_lengths_addr + 4 * i, b.size, true);
    if (!b.input) u8().fill(0, b.addr, b.addr + b.size);
  });
  const ws = cfg.workgroup_state_addr;
  for (let z = 0; z < cfg.workgroups[2]; z++)
    for (let y = 0; y < cfg.workgroups[1]; y++)
      for (let x = 0; x < cfg.workgroups[0]; x++) {
        for (let i = 0; i < 24; i++) d.setUint8(ws + i, 0);
        d.setUint32(ws, x, true); d.setUint32(ws + 4, y, true); d.setUint16(ws + 8, z, true);
        const rc = fn(cfg.env_addr, ds, ws);
        if (rc !== 0) throw new Error(`dispatch returned ${rc} at workgroup ${x},${y},${z}`);
      }
  const out = cfg.buffers.find((b) => !b.input);
  const bytes = Buffer.from(u8().slice(out.addr, out.addr + out.size));
  if (output && !output.equals(bytes)) throw new Error('second instance produced different output');
  output = bytes;
  report.instances.push({ flag_after_init: flag, version, export_count: exportCount, workgroup_size: wgs });
}
fs.writeFileSync(cfg.output, output);
report.flag = dv().getInt32(cfg.flag_addr, true);
console.log(JSON.stringify(report));
