// Every test program's Vulkan build that has recorded calls, run through a runtime's WebGPU
// device and compared with the reference runtime's results for the x86 build, as the CPU tests
// do (common.mjs runOracle). `// KNOWN-GPU-DIFFERENCE: <function>: <why>` marks calls known to
// differ on the GPU: each must still differ, and is reported apart from the passes.

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { root, oraclePrograms, programDirectives, runOracle, parametersOf, knownDifferences } from '../common.mjs';

/**
 * Runs the `target` builds ('vulkan', or 'vulkan-wasm32': one file for the GPU and the CPU) on
 * `rt` (a Weft runtime, or anything with its `load`) with the load option `device`: returns
 * {programs, calls, failures, known, stale, refused (loads refused as UNSUPPORTED), devices and
 * adapters (where the loaded programs said they ran)}.
 */
export async function runVulkanPrograms(rt, { target = 'vulkan', device = 'webgpu' } = {}) {
  const suites = readdirSync(path.join(root, 'tests/programs'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const r = { programs: 0, calls: 0, failures: [], known: [], stale: [], refused: [], devices: [], adapters: [] };
  const where = new Set();
  const recording = {
    async load(...args) {
      const program = await rt.load(...args);
      where.add(JSON.stringify([program.device, program.adapter]));
      return program;
    },
  };
  for (const suite of suites) {
    let programs;
    try {
      programs = oraclePrograms(suite, target);
    } catch (e) {
      if (/no oracles/.test(e.message)) continue; // a suite without recorded calls
      throw e;
    }
    const known = new Map(programDirectives(suite).map((p) => [p.name, p.known_gpu_differences.map((d) => d.function)]));
    for (const p of programs) {
      r.programs++;
      let outcome;
      try {
        outcome = await runOracle(recording, [p], (run) => ({ device, parameters: parametersOf(run) }));
      } catch (e) {
        // Refused at load: the translator names why (i64, f16); any other failure is one.
        if (e.code === 'UNSUPPORTED') r.refused.push(`${suite}/${p.name}: ${e.message}`);
        else r.failures.push(`${suite}/${p.name}: load failed: ${e.code} ${e.message}`);
        continue;
      }
      r.calls += outcome.calls;
      const split = knownDifferences(`${suite}/${p.name}`, outcome.failures, known.get(p.name) ?? [], 'KNOWN-GPU-DIFFERENCE');
      r.known.push(...split.known);
      r.stale.push(...split.stale);
      r.failures.push(...split.rest.map((m) => `${suite}/${m}`));
    }
  }
  for (const [device, adapter] of [...where].map((w) => JSON.parse(w))) {
    if (!r.devices.includes(device)) r.devices.push(device);
    if (adapter) r.adapters.push(`${adapter.vendor} ${adapter.architecture} (${adapter.description})`);
  }
  return r;
}
