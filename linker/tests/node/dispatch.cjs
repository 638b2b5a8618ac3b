// Runs one linked IREE side module in Node the way Weft's glue will: one shared memory, and per
// instance its own table and stack; __weft_init, then iree_hal_executable_library_query and every
// workgroup of one dispatch. Usage: node dispatch.cjs config.json
//
// The config (written by the Rust test) gives the layout the plan asked for: per slot a stack
// top, ABI structures and an output buffer; the shared input buffers; the workgroup count.
// threads = 0: slots 0 and 1 run one after the other in this thread (two instances).
// threads = N: N worker_threads, worker i uses slot i and re-instantiates the module
// `iterations` times while the others dispatch, so any instantiation that rewrote the shared data
// would corrupt a concurrent run. Every run must produce the same bytes. Slot 0's output goes to
// config.output; a JSON report goes to stdout.
'use strict';
const fs = require('fs');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

const f = Math.fround;
function libm(memory) {
  const u8 = () => new Uint8Array(memory.buffer);
  return {
    fmaxf: (a, b) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : f(Math.max(a, b))),
    fminf: (a, b) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : f(Math.min(a, b))),
    fmodf: (a, b) => f(a % b),
    roundf: (a) => (Number.isFinite(a) ? f(Math.sign(a) * Math.floor(Math.abs(a) + 0.5)) : a),
    log10f: (a) => f(Math.log10(a)),
    expf: (a) => f(Math.exp(a)),
    memcpy: (d, s, n) => { u8().copyWithin(d, s, s + n); return d; },
    memset: (d, c, n) => { u8().fill(c & 255, d, d + n); return d; },
  };
}

// One instance: instantiate, init, query, run every workgroup; returns the output bytes.
function runOnce(wasmModule, memory, cfg, slot) {
  const table = new WebAssembly.Table({ initial: cfg.table_base + cfg.table_size, element: 'anyfunc' });
  const env = { memory, __indirect_function_table: table,
                __weft_stack_top: new WebAssembly.Global({ value: 'i32', mutable: false }, slot.stack_top) };
  const instance = new WebAssembly.Instance(wasmModule, { env, weft: libm(memory) });
  instance.exports.__weft_init();
  const d = new DataView(memory.buffer);
  const flag = d.getInt32(cfg.flag_addr, true);
  if (flag !== 2) throw new Error(`init flag ${flag} after __weft_init`);
  const lib = instance.exports.iree_hal_executable_library_query(6, slot.env_addr);
  if (lib === 0) throw new Error('query returned NULL');
  const header = d.getUint32(lib, true);
  const version = d.getUint32(header, true);
  const exportCount = d.getUint32(lib + 12, true);
  const ptrs = d.getUint32(lib + 16, true);
  const attrs = d.getUint32(lib + 20, true);
  // Read the library again and again, as a long-lived worker would while others instantiate:
  // every read must see the same relocated words.
  let badReads = 0;
  for (let k = 0; k < (cfg.rereads || 0); k++) {
    const again = instance.exports.iree_hal_executable_library_query(6, slot.env_addr);
    if (again !== lib || d.getUint32(lib, true) !== header || d.getUint32(lib + 16, true) !== ptrs ||
        d.getUint32(ptrs + 4 * cfg.export_ordinal, true) !== cfg.table_base + cfg.export_ordinal) badReads++;
  }
  const fn = table.get(d.getUint32(ptrs + 4 * cfg.export_ordinal, true));
  if (typeof fn !== 'function') throw new Error('library export is not a table function (unrelocated data?)');
  const attr = attrs ? attrs + 64 * cfg.export_ordinal : 0;
  const wgs = attr ? [d.getUint32(attr + 12, true), d.getUint32(attr + 16, true), d.getUint16(attr + 20, true)] : [1, 1, 1];
  if (attr && d.getUint16(attr + 8, true)) throw new Error('kernel wants local memory');
  const ds = slot.dispatch_state_addr;
  for (let i = 0; i < 36; i++) d.setUint8(ds + i, 0);
  d.setUint32(ds + 0, wgs[0] || 1, true); d.setUint32(ds + 4, wgs[1] || 1, true); d.setUint16(ds + 8, wgs[2] || 1, true);
  d.setUint32(ds + 12, cfg.workgroups[0], true); d.setUint32(ds + 16, cfg.workgroups[1], true);
  d.setUint16(ds + 20, cfg.workgroups[2], true);
  d.setUint8(ds + 22, 1);
  d.setUint8(ds + 23, cfg.inputs.length + 1);
  d.setUint32(ds + 28, slot.binding_ptrs_addr, true);
  d.setUint32(ds + 32, slot.binding_lengths_addr, true);
  const bindings = cfg.inputs.concat([{ addr: slot.output_addr, size: cfg.output_size }]);
  bindings.forEach((b, i) => {
    d.setUint32(slot.binding_ptrs_addr + 4 * i, b.addr, true);
    d.setUint32(slot.binding_lengths_addr + 4 * i, b.size, true);
  });
  new Uint8Array(memory.buffer).fill(0, slot.output_addr, slot.output_addr + cfg.output_size);
  const ws = slot.workgroup_state_addr;
  for (let z = 0; z < cfg.workgroups[2]; z++)
    for (let y = 0; y < cfg.workgroups[1]; y++)
      for (let x = 0; x < cfg.workgroups[0]; x++) {
        for (let i = 0; i < 24; i++) d.setUint8(ws + i, 0);
        d.setUint32(ws, x, true); d.setUint32(ws + 4, y, true); d.setUint16(ws + 8, z, true);
        const rc = fn(slot.env_addr, ds, ws);
        if (rc !== 0) throw new Error(`dispatch returned ${rc} at workgroup ${x},${y},${z}`);
      }
  return { bytes: Buffer.from(new Uint8Array(memory.buffer, slot.output_addr, cfg.output_size)),
           version, exportCount, wgs, badReads };
}

if (!isMainThread) {
  const { wasmModule, memory, cfg, index } = workerData;
  // Start together (workers take tens of milliseconds to boot, longer than their work).
  const words = new Int32Array(memory.buffer);
  Atomics.add(words, cfg.barrier_addr >> 2, 1);
  while (Atomics.load(words, cfg.barrier_addr >> 2) < cfg.threads) {}
  let first = null;
  let mismatches = 0;
  let badReads = 0;
  for (let k = 0; k < cfg.iterations; k++) {
    const r = runOnce(wasmModule, memory, cfg, cfg.slots[index]);
    badReads += r.badReads;
    if (first === null) first = r.bytes;
    else if (!first.equals(r.bytes)) mismatches++;
  }
  parentPort.postMessage({ output: first, mismatches, badReads });
} else {
  const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const memory = new WebAssembly.Memory({ initial: cfg.initial_pages, maximum: cfg.maximum_pages, shared: true });
  for (const b of cfg.inputs) new Uint8Array(memory.buffer).set(fs.readFileSync(b.path), b.addr);
  const wasmModule = new WebAssembly.Module(fs.readFileSync(cfg.wasm));
  const report = { instances: [] };
  const finish = (outputs) => {
    for (const o of outputs) if (!o.equals(outputs[0])) throw new Error('instances produced different outputs');
    fs.writeFileSync(cfg.output, outputs[0]);
    report.flag = new DataView(memory.buffer).getInt32(cfg.flag_addr, true);
    console.log(JSON.stringify(report));
  };
  if (!cfg.threads) {
    const outputs = [];
    for (const slot of cfg.slots.slice(0, 2)) {
      const r = runOnce(wasmModule, memory, cfg, slot);
      outputs.push(r.bytes);
      report.instances.push({ version: r.version, export_count: r.exportCount, workgroup_size: r.wgs });
    }
    finish(outputs);
  } else {
    const done = [];
    for (let i = 0; i < cfg.threads; i++) {
      done.push(new Promise((resolve, reject) => {
        const w = new Worker(__filename, { workerData: { wasmModule, memory, cfg, index: i } });
        w.on('message', resolve);
        w.on('error', reject);
      }));
    }
    Promise.all(done).then((results) => {
      report.threads = cfg.threads;
      report.runs = cfg.threads * cfg.iterations;
      report.mismatches = results.reduce((n, r) => n + r.mismatches, 0);
      report.reads = cfg.threads * cfg.iterations * (cfg.rereads || 0);
      report.bad_reads = results.reduce((n, r) => n + r.badReads, 0);
      if (report.mismatches) throw new Error(`${report.mismatches} runs differed from their first`);
      if (report.bad_reads) throw new Error(`${report.bad_reads} of ${report.reads} library reads saw unrelocated data`);
      finish(results.map((r) => Buffer.from(r.output)));
    }).catch((e) => { console.error(e); process.exit(1); });
  }
}
