// What the kernel trampoline (glue/js/kernel-host.mjs) adds to every workgroup: a wasm loop
// calls an empty kernel N times through call_indirect, directly and through the trampoline
// the runtime uses, and prints ns per call.   node tests/bench/trampoline.mjs [N]
import { KernelHost } from '../../glue/js/kernel-host.mjs';

// (module
//   (import "env" "table" (table 4 funcref))
//   (type $k (func (param i32 i32 i32) (result i32)))                  ;; a kernel
//   (type $t (func (param i32 i32 i32 i32 i32) (result i32)))          ;; the trampoline
//   (func (export "kernel") (type $k) (i32.const 0))
//   ;; n calls of table[slot]: as a kernel if $kernel is 0, else as the trampoline for kernel $kernel
//   (func (export "run") (type $k) (param $slot i32) (param $kernel i32) (param $n i32) ...))
const LOOP_MODULE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x11, 0x02, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f,
  0x02, 0x0f, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x05, 0x74, 0x61, 0x62, 0x6c, 0x65, 0x01, 0x70, 0x00, 0x04,
  0x03, 0x03, 0x02, 0x00, 0x00,
  0x07, 0x10, 0x02, 0x06, 0x6b, 0x65, 0x72, 0x6e, 0x65, 0x6c, 0x00, 0x00, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x01,
  0x0a, 0x47, 0x02,
  0x04, 0x00, 0x41, 0x00, 0x0b, // kernel: i32.const 0
  0x40, 0x01, 0x01, 0x7f, // run: one i32 local ($s)
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0x02, 0x45, 0x0d, 0x01, // br_if out when $n == 0
  0x20, 0x03, 0x20, 0x01, 0x04, 0x7f, // $s, if $kernel (result i32)
  0x20, 0x01, 0x41, 0x01, 0x41, 0x02, 0x41, 0x03, 0x41, 0xc0, 0x00, 0x20, 0x00, 0x11, 0x01, 0x00, // trampoline($kernel, 1, 2, 3, 64)
  0x05, 0x41, 0x01, 0x41, 0x02, 0x41, 0x03, 0x20, 0x00, 0x11, 0x00, 0x00, // else kernel(1, 2, 3)
  0x0b, 0x6a, 0x21, 0x03, // end, $s += result
  0x20, 0x02, 0x41, 0x01, 0x6b, 0x21, 0x02, 0x0c, 0x00, // $n -= 1, continue
  0x0b, 0x0b, 0x20, 0x03, 0x0b, // end, end, return $s
);

const n = Number(process.argv[2] ?? 2e6);
const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
const table = new WebAssembly.Table({ initial: 4, element: 'anyfunc' });
const { instance } = await WebAssembly.instantiate(LOOP_MODULE, { env: { table } });
const { kernel, run } = instance.exports;
const KERNEL = 1, TRAMPOLINE = 2;
table.set(KERNEL, kernel);
new KernelHost({ memory, table, runtime: {} }).installTrampoline(TRAMPOLINE);
const time = (f) => { const t = performance.now(); f(); return ((performance.now() - t) / n) * 1e6; };
for (let round = 0; round < 3; round++) {
  const direct = time(() => run(KERNEL, 0, n));
  const trampoline = time(() => run(TRAMPOLINE, KERNEL, n));
  console.log(`${n} calls: call_indirect ${direct.toFixed(1)} ns, through the trampoline ${trampoline.toFixed(1)} ns; ${(trampoline - direct).toFixed(1)} ns added per workgroup`);
}
