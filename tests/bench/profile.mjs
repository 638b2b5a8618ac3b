// Where Weft's time goes for one model, through the glue's JS API (runtime in this thread):
// every kernel function the program's executables export is swapped, in the runtime's function
// table, for a tiny wasm wrapper that calls back to JS before and after the kernel, so each
// workgroup call and each dispatch (workgroup 0,0,0 starts one) is timed. The rest of a call's
// time is the VM, the HAL and the glue. No runtime source is changed: the wrappers are
// installed by intercepting WebAssembly.instantiate and the library query.
//   node tests/bench/profile.mjs MODEL [calls]        (VMFB=path: profile another wasm32 build of MODEL)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNpy, median } from './common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const build = path.join(here, 'build');
const [model = 'resnet18', callsArg = '5'] = process.argv.slice(2);
const QUERY = 'iree_hal_executable_library_query';

// (module (type (func (param i32 i32 i32) (result i32))) (type (func (param i32 i32)))
//   (import "k" "f" (func $f (type 0))) (import "t" "b" (func $b (type 1))) (import "t" "e" (func $e (type 1)))
//   (func (export "w") (type 0) i32.const ID local.get 2 call $b  local.get 0 local.get 1 local.get 2 call $f
//         i32.const ID i32.const 0 call $e))
function leb(n) { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; }
function sleb(n) { const o = []; for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { o.push(b); return o; } o.push(b | 0x80); } }
const sec = (id, body) => [id, ...leb(body.length), ...body];
const str = (s) => [...leb(s.length), ...Buffer.from(s)];
function wrapperModule(id) {
  const types = sec(1, [2, 0x60, 3, 0x7f, 0x7f, 0x7f, 1, 0x7f, 0x60, 2, 0x7f, 0x7f, 0]);
  const imports = sec(2, [3, ...str('k'), ...str('f'), 0, 0, ...str('t'), ...str('b'), 0, 1, ...str('t'), ...str('e'), 0, 1]);
  const funcs = sec(3, [1, 0]);
  const exps = sec(7, [1, ...str('w'), 0, 3]);
  const code = [0, 0x41, ...sleb(id), 0x20, 2, 0x10, 1, 0x20, 0, 0x20, 1, 0x20, 2, 0x10, 0, 0x41, ...sleb(id), 0x41, 0, 0x10, 2, 0x0b];
  const body = [...leb(code.length), ...code];
  return new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...imports, ...funcs, ...exps, ...sec(10, [1, ...body])]));
}

const kernels = []; // {name, time, calls, dispatches}
let t0 = 0, enabled = false, memory = null;
const timer = {
  b(id, wg) {
    if (!enabled) return;
    const v = new DataView(memory.buffer);
    if (v.getUint32(wg, true) === 0 && v.getUint32(wg + 4, true) === 0 && v.getUint16(wg + 8, true) === 0) kernels[id].dispatches++;
    t0 = performance.now();
  },
  e(id) { if (!enabled) return; const k = kernels[id]; k.time += performance.now() - t0; k.calls++; },
};
const cstr = (buf, p) => { const u = new Uint8Array(buf); let e = p; while (u[e]) e++; return Buffer.from(u.slice(p, e)).toString(); };

const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (module, imports) {
  const result = await instantiate.call(this, module, imports);
  const table = imports?.env?.__indirect_function_table;
  if (!(module instanceof WebAssembly.Module) || !table || !(QUERY in result.exports)) return result;
  memory = imports.env.memory;
  // The runtime (kernel-host.mjs) copies its kernels out of the table right after instantiating,
  // before the library query: wrap every (i32, i32, i32) -> i32 slot now, name them at the query.
  const bySlot = new Map();
  for (let slot = 0; slot < table.length; slot++) {
    const f = table.get(slot);
    if (!f || f.length !== 3) continue;
    let w;
    try {
      w = new WebAssembly.Instance(wrapperModule(kernels.length), { k: { f }, t: timer });
    } catch {
      continue; // a function of another signature
    }
    bySlot.set(slot, kernels.length);
    kernels.push({ name: `slot ${slot}`, time: 0, calls: 0, dispatches: 0 });
    table.set(slot, w.exports.w);
  }
  const query = result.exports[QUERY];
  const exports = { ...result.exports, [QUERY](version, env) {
    const lib = query(version, env) >>> 0;
    const v = new DataView(memory.buffer);
    const count = v.getUint32(lib + 12, true), ptrs = v.getUint32(lib + 16, true), names = v.getUint32(lib + 32, true);
    for (let i = 0; i < count && names; i++) {
      const id = bySlot.get(v.getUint32(ptrs + 4 * i, true));
      if (id !== undefined) kernels[id].name = cstr(memory.buffer, v.getUint32(names + 4 * i, true));
    }
    return lib;
  } };
  return { module: result.module, instance: { exports } };
};
// runtime.mjs calls WebAssembly.instantiate(module, imports), which resolves to an Instance.
const inst2 = WebAssembly.instantiate;
WebAssembly.instantiate = async function (module, imports) {
  const r = await inst2.call(this, module, imports);
  return r.instance && module instanceof WebAssembly.Module ? r.instance : r;
};

// WEFT_JS: another copy of glue/js/weft.node.mjs (e.g. next to a runtime built with WEFT_KEEP_NAMES=1).
const { Weft } = await import(process.env.WEFT_JS ?? path.join(root, 'glue/js/weft.node.mjs'));
// One thread: the timing wrappers sit in this thread's function table only.
const rt = await Weft.create({ worker: false, threads: 1 });
const names = JSON.parse(readFileSync(path.join(build, `${model}.inputs.json`), 'utf8'));
const args = names.map((n) => { const t = parseNpy(readFileSync(path.join(build, `${model}.in.${n}.npy`))); return { dtype: t.dtype, shape: t.shape, data: t.data }; });
const prog = await rt.load(readFileSync(process.env.VMFB ?? path.join(build, `${model}.wasm32.vmfb`))); // VMFB: another build of MODEL
const fn = prog.functions.find((f) => !f.name.includes('$') && !f.name.startsWith('__')).name;
for (let i = 0; i < 2; i++) await prog.call(fn, args); // warm-up, untimed
const calls = Number(callsArg);
const totals = [];
enabled = true;
for (let i = 0; i < calls; i++) { const t = performance.now(); await prog.call(fn, args); totals.push(performance.now() - t); }
enabled = false;
const kt = kernels.reduce((a, k) => a + k.time, 0) / calls;
const wgCalls = kernels.reduce((a, k) => a + k.calls, 0) / calls;
const disp = kernels.reduce((a, k) => a + k.dispatches, 0) / calls;
const total = totals.reduce((a, b) => a + b, 0) / calls;
console.log(`${model}: ${calls} calls of ${fn} (runtime in this thread, Node ${process.version}); per call (mean):`);
console.log(`  total ${total.toFixed(1)} ms (median ${median(totals).toFixed(1)}), kernels ${kt.toFixed(1)} ms (${(100 * kt / total).toFixed(0)}%), ` +
  `outside kernels (VM + HAL + glue + timing wrappers) ${(total - kt).toFixed(1)} ms`);
console.log(`  ${disp} dispatches, ${wgCalls} workgroup calls, ${kernels.length} kernel functions in ${new Set(kernels.map((k) => k.name)).size} names`);
console.log(`  top kernels (ms per call, % of kernel time, dispatches, workgroups per call):`);
const byName = new Map();
for (const k of kernels) { const a = byName.get(k.name) ?? { name: k.name, time: 0, calls: 0, dispatches: 0 }; a.time += k.time; a.calls += k.calls; a.dispatches += k.dispatches; byName.set(k.name, a); }
for (const k of [...byName.values()].sort((a, b) => b.time - a.time).slice(0, Number(process.env.TOP ?? 12))) {
  console.log(`  ${(k.time / calls).toFixed(2).padStart(8)}  ${(100 * k.time / (kt * calls)).toFixed(1).padStart(5)}%  ${String(k.dispatches / calls).padStart(3)}  ${String(k.calls / calls).padStart(6)}  ${k.name}`);
}
await prog.unload();
process.exit(0);
