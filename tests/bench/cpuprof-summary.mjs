// Self time by function from a V8 .cpuprofile (node --cpu-prof): what the runtime does outside
// the kernels. Use with a runtime built with WEFT_KEEP_NAMES=1 so wasm functions have names.
//   node tests/bench/cpuprof-summary.mjs FILE.cpuprofile [top]
import { readFileSync } from 'node:fs';
const [file, top = '25'] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map();
let total = 0;
p.samples.forEach((id, i) => {
  const dt = p.timeDeltas[i] ?? 0;
  const f = byId.get(id).callFrame;
  const name = `${f.functionName || '(anonymous)'}${f.url ? ` ${f.url.split('/').pop()}` : ''}`;
  self.set(name, (self.get(name) ?? 0) + dt);
  total += dt;
});
console.log(`${(total / 1000).toFixed(0)} ms sampled; self time:`);
for (const [name, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${(t / 1000).toFixed(1).padStart(9)} ms ${(100 * t / total).toFixed(1).padStart(5)}%  ${name.slice(0, 150)}`);
}
