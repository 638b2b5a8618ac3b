// gpu/programs.mjs in Node, on Dawn (the npm `webgpu` package) in the GPU worker. Run by
// gpu.test.mjs in a process of its own (gpu/dawn.mjs). Arguments: the report's path, and
// 'direct' (the runtime in this thread) or 'worker' (the runtime in a worker, which starts the
// GPU worker itself). Reports the vulkan builds on device 'webgpu' (`gpu`) and the one-file
// builds for the GPU and the CPU on device 'auto' (`auto`): the GPU where Dawn has an adapter,
// the CPU where it has none.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Weft } from '../../js/weft.node.mjs';
import { root, oraclePrograms, runOracle } from '../common.mjs';
import { runVulkanPrograms } from './programs.mjs';

const [report, mode] = process.argv.slice(2);
const rt = await Weft.create({ worker: mode === 'worker' });
const auto = await runVulkanPrograms(rt, { target: 'vulkan-wasm32', device: 'auto' });
const gpu = auto.devices.includes('webgpu') ? await runVulkanPrograms(rt) : null;
// A planted wrong output: one recorded result changed, which the comparison must catch.
const planted = structuredClone(oraclePrograms('corpus', 'vulkan').find((p) => p.name === 'gpu_signed_integers'));
const call = planted.oracle.runs[0].calls.find((c) => c.results.length > 0);
call.results[0].data[0] += 1;
const caught = gpu ? (await runOracle(rt, [planted], () => ({ device: 'webgpu' }))).failures : null;
// What a program's inspection says of where it runs.
const program = await rt.load(path.join(root, 'tests/build/corpus/gpu_signed_integers.vulkan-wasm32.vmfb'));
const inspected = (await program.inspect()).trim().split('\n').pop();
await program.unload();
const { gpu: adapter } = await rt.info();
await rt.close();
writeFileSync(report, JSON.stringify({ gpu, auto, inspected, caught, adapter }));
process.exit(0);
