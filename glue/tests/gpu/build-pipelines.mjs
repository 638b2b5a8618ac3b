// Builds every pipeline glue/wgsl's translator writes for the test programs' Vulkan builds on a
// real WebGPU implementation: Dawn (the npm `webgpu` package; Chromium's WebGPU runs on Dawn
// and its WGSL compiler, Tint). Run by wgsl.test.mjs in a process of its own, whose environment
// points Dawn at the SwiftShader Vulkan driver Debian's Chromium ships. Writes one JSON report
// to the file its argument names (Dawn prints to stdout): the adapter's limits and, per
// pipeline, `ok` or the error it ended in.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { create, globals } from 'webgpu';
import { root } from '../common.mjs';
import { Translator } from '../../js/gpu/wgsl.mjs';
import { buildPipeline } from '../../js/gpu/worker-main.mjs';
import { vulkanExecutables } from './executables.mjs';

Object.assign(globalThis, globals);
// Kept referenced: Dawn's devices must not outlive the instance that made them.
const gpu = create([]);
const adapter = await gpu.requestAdapter();
if (!adapter) throw new Error('Dawn found no WebGPU adapter (is Chromium, with its SwiftShader Vulkan driver, installed?)');
// Everything the adapter offers, so the translator is checked against what it can really run.
const requiredLimits = {};
for (const key in adapter.limits) if (typeof adapter.limits[key] === 'number') requiredLimits[key] = adapter.limits[key];
const device = await adapter.requestDevice({ requiredLimits });
const translator = await Translator.compile(readFileSync(path.join(root, 'glue/pkg/weft_wgsl.wasm')));

const results = [];
for (const { program, label, bytes } of vulkanExecutables()) {
  let translated;
  try {
    translated = translator.translate(label, bytes, device.limits);
  } catch (e) {
    results.push({ program, label, stage: 'translate', code: e.code, message: e.message });
    continue;
  }
  device.pushErrorScope('validation');
  const modules = translated.shaders.map((code) => device.createShaderModule({ code }));
  const compiled = await Promise.all(modules.map((module) => module.getCompilationInfo()));
  const invalid = await device.popErrorScope();
  const errors = compiled.flatMap((info) => info.messages.filter((m) => m.type === 'error').map((m) => `${m.lineNum}:${m.linePos}: ${m.message}`));
  if (invalid || errors.length) {
    results.push({ program, label, stage: 'shader', message: [...errors, invalid?.message].filter(Boolean).join('\n') });
    continue;
  }
  for (const pipeline of translated.pipelines) {
    device.pushErrorScope('validation');
    let failure = null;
    try {
      buildPipeline(device, modules[pipeline.shader], pipeline); // as the GPU worker builds it
    } catch (e) {
      failure = { stage: 'pipeline', message: e.message };
    }
    const error = await device.popErrorScope();
    if (error && !failure) failure = { stage: 'validation', message: error.message };
    results.push({ program, label: `${label} ${pipeline.name}`, ...(failure ?? { stage: 'ok' }) });
  }
}
writeFileSync(process.argv[2], JSON.stringify({ limits: { maxStorageBuffersPerShaderStage: device.limits.maxStorageBuffersPerShaderStage }, results }));
device.destroy();
