// This machine's wasm SIMD peak on one core: f32 multiply-add throughput of a loop of
// independent f32x4 chains (wasm-loops.mjs), with SIMD128 (mul + add) and, where the engine
// runs it, relaxed SIMD (relaxed_madd: one fused multiply-add on x86 with FMA). The best over
// 8, 12 and 16 chains is the peak (too few chains measure a chain's latency, not throughput).
// No Node imports: bench.html runs it in Chromium too.
//   node tests/bench/simd-peak.mjs                                    (SIMD128; relaxed: "not run")
//   node --experimental-wasm-relaxed-simd tests/bench/simd-peak.mjs   (both)
import { loops, medianMs, relaxedSimd } from './wasm-loops.mjs';

const ITERATIONS = 200000;

/** {simd128, relaxed}: each {gflops, accumulators, byAccumulators} (relaxed null where not run). */
export async function simdPeak() {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  const peak = async (fma) => {
    const byAccumulators = {};
    for (const accumulators of [8, 12, 16]) {
      const { flops } = await loops(memory, { fma, accumulators });
      byAccumulators[accumulators] = (ITERATIONS * 8 * accumulators) / medianMs(() => flops(ITERATIONS, 1e-6)) / 1e6;
    }
    const [accumulators, gflops] = Object.entries(byAccumulators).sort((a, b) => b[1] - a[1])[0];
    return { gflops, accumulators: Number(accumulators), byAccumulators };
  };
  return { simd128: await peak(false), relaxed: relaxedSimd() ? await peak(true) : null };
}

/** One line per variant. */
export function describePeak({ simd128, relaxed }) {
  const line = (what, p) => `${what}: ${p ? `${p.gflops.toFixed(1)} GFLOP/s (${p.accumulators} chains)` : 'not run (engine without relaxed SIMD)'}`;
  return [line('wasm SIMD peak, 1 core, f32x4 mul+add (SIMD128)', simd128), line('wasm SIMD peak, 1 core, f32x4 relaxed_madd (relaxed SIMD)', relaxed)];
}

if (globalThis.process?.argv?.[1] && decodeURIComponent(new URL(import.meta.url).pathname) === process.argv[1]) {
  const peak = await simdPeak();
  for (const l of describePeak(peak)) console.log(l);
  if (process.env.BENCH_OUT) (await import('node:fs')).writeFileSync(process.env.BENCH_OUT, JSON.stringify(peak));
}
