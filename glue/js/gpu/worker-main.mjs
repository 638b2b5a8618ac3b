// The GPU worker: owns the WebGPU device of one runtime and runs what the runtime's thread asks
// (device.mjs). WebGPU finishes work through promises, which the runtime's thread cannot wait
// for inside a synchronous `hal` call, so that thread posts a request here and blocks on a
// shared control word until this worker has answered it.
//
// Executables: each is translated to WGSL (wgsl.mjs) and built into one compute pipeline per
// export when the program's initializer creates it. Dispatches: the program's buffers live on
// the runtime's heap (its shared memory, which this worker also sees), so a dispatch uploads
// each binding's range into a GPU buffer, runs the pipeline and copies the bindings the
// pipeline writes back into the heap.

import { WeftError } from '../errors.mjs';
import { Translator } from './wgsl.mjs';
import { answer } from './control.mjs';

/**
 * Serves requests from `channel` ({post, onMessage}) on the adapter `gpu` (a `GPU`: the
 * page's `navigator.gpu`, or Dawn's in Node) gives; without one, `why` says why not.
 */
export function runGpuWorker(channel, gpu, why) {
  let state = null; // {device, translator, memory, executables, lost, adapter}
  let control = null; // where synchronous requests are answered (control.mjs)
  channel.onMessage(async (m) => {
    if (m.op === 'start') {
      control = m.control;
      try {
        state = await start(gpu, why, m);
        channel.post({ op: 'started', adapter: state.adapter });
      } catch (e) {
        channel.post({ op: 'started', error: { code: e.code ?? 'UNSUPPORTED', message: e.message } });
      }
      return;
    }
    // Every request but a release is answered, whatever happens: the runtime's thread is
    // blocked until it is.
    const reply = await serve(state, m).then(
      (text) => ({ failed: false, text: text ?? '' }),
      (e) => ({ failed: true, text: `${e?.code ?? 'KERNEL_TRAP'}: ${e?.message ?? e}` }),
    );
    if (m.op !== 'release') answer(control, reply);
  });
}

async function start(gpu, why, { memory, translator }) {
  if (!gpu) throw new WeftError('UNSUPPORTED', why);
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new WeftError('UNSUPPORTED', 'WebGPU found no adapter on this machine');
  // Everything the adapter offers, so no pipeline is refused below what the GPU can run.
  const requiredLimits = {};
  for (const key in adapter.limits) if (typeof adapter.limits[key] === 'number') requiredLimits[key] = adapter.limits[key];
  const device = await adapter.requestDevice({ requiredLimits });
  const state = { device, translator: new Translator(translator), memory, executables: new Map(), lost: null, adapter: describe(adapter) };
  device.lost.then((info) => { state.lost = `the GPU device was lost (${info.reason}: ${info.message})`; });
  return state;
}

/** The adapter as `info()` names it. */
function describe(adapter) {
  const info = adapter.info ?? {};
  return { vendor: info.vendor ?? '', architecture: info.architecture ?? '', description: info.description ?? '' };
}

async function serve(state, m) {
  if (!state) throw new WeftError('UNSUPPORTED', 'the GPU worker has no device');
  if (state.lost) throw new WeftError('KERNEL_TRAP', state.lost);
  switch (m.op) {
    case 'create': return createExecutable(state, m);
    case 'dispatch': return dispatch(state, m);
    case 'release': state.executables.delete(m.key); return null;
    default: throw new WeftError('BAD_ARGUMENT', `the GPU worker has no request '${m.op}'`);
  }
}

/** Translates executable `m.key` (its bytes on the heap) and builds its pipelines; answers their names. */
async function createExecutable(state, { key, name, address, length }) {
  const { device } = state;
  const bytes = new Uint8Array(state.memory.buffer, address, length).slice();
  const translated = state.translator.translate(name, bytes, device.limits);
  const pipelines = await scoped(device, `executable '${name}'`, async () => {
    const modules = translated.shaders.map((code) => device.createShaderModule({ code }));
    const compiled = await Promise.all(modules.map((module) => module.getCompilationInfo()));
    const errors = compiled.flatMap((info) => info.messages.filter((x) => x.type === 'error').map((x) => `${x.lineNum}:${x.linePos}: ${x.message}`));
    if (errors.length) throw new WeftError('UNSUPPORTED', `executable '${name}': WebGPU refuses its WGSL: ${errors.join('; ')}`);
    return translated.pipelines.map((p) => buildPipeline(device, modules[p.shader], p));
  });
  state.executables.set(key, pipelines);
  return JSON.stringify(translated.pipelines.map((p) => p.name));
}

function buildPipeline(device, module, p) {
  if (p.bindGroups.length > 1) throw new WeftError('UNSUPPORTED', `pipeline '${p.name}' uses ${p.bindGroups.length} descriptor sets; IREE's dispatches bind one`);
  const storage = (bindings) => device.createBindGroupLayout({
    entries: bindings.map((binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } })),
  });
  const layouts = p.bindGroups.map(storage);
  if (p.pushConstants) {
    layouts[p.pushConstants.group] = device.createBindGroupLayout({
      entries: [{ binding: p.pushConstants.binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', minBindingSize: p.pushConstants.bytes } }],
    });
  }
  // Not createComputePipelineAsync: the `webgpu` package's Dawn aborts the process on it.
  const pipeline = device.createComputePipeline({
    layout: device.createPipelineLayout({ bindGroupLayouts: layouts }),
    compute: { module, entryPoint: p.entryPoint },
  });
  return { pipeline, layouts, bindings: p.bindGroups[0] ?? [], written: new Set(p.written[0] ?? []), pushConstants: p.pushConstants, name: p.name };
}

/** Runs one dispatch: uploads the bindings, runs the pipeline, reads the written ones back. */
async function dispatch(state, { key, exportIndex, workgroups, constants, bindings }) {
  const { device } = state;
  const pipelines = state.executables.get(key);
  const p = pipelines?.[exportIndex];
  if (!p) throw new WeftError('BAD_ARGUMENT', `dispatch of export ${exportIndex} of an executable with ${pipelines?.length ?? 0}`);
  const count = bindings.length / 2;
  const needed = p.bindings.length ? Math.max(...p.bindings) + 1 : 0;
  if (needed > count) throw new WeftError('BAD_ARGUMENT', `pipeline '${p.name}' binds ${needed} buffers but the dispatch passes ${count}`);
  const limit = device.limits.maxComputeWorkgroupsPerDimension;
  if (workgroups.some((n) => n > limit)) throw new WeftError('UNSUPPORTED', `pipeline '${p.name}' is dispatched over ${workgroups.join('x')} workgroups; this adapter runs at most ${limit} per dimension (maxComputeWorkgroupsPerDimension)`);
  if (workgroups.some((n) => n === 0)) return null;
  const heap = new Uint8Array(state.memory.buffer);
  const created = [];
  const readBacks = [];
  try {
    await scoped(device, `pipeline '${p.name}'`, async () => {
      const buffers = p.bindings.map((b) => {
        const [address, length] = [bindings[2 * b], bindings[2 * b + 1]];
        const size = Math.max(4, Math.ceil(length / 4) * 4);
        if (size > device.limits.maxStorageBufferBindingSize) throw new WeftError('UNSUPPORTED', `pipeline '${p.name}' binds ${length} bytes; this adapter binds at most ${device.limits.maxStorageBufferBindingSize} (maxStorageBufferBindingSize)`);
        const buffer = device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
        created.push(buffer);
        const uploaded = new Uint8Array(size);
        uploaded.set(heap.subarray(address, address + length));
        device.queue.writeBuffer(buffer, 0, uploaded);
        return { binding: b, buffer, address, length, size, uploaded };
      });
      const groups = [];
      if (p.layouts.length && p.bindings.length) {
        groups[0] = device.createBindGroup({ layout: p.layouts[0], entries: buffers.map(({ binding, buffer }) => ({ binding, resource: { buffer } })) });
      }
      if (p.pushConstants) {
        const size = Math.ceil(p.pushConstants.bytes / 16) * 16;
        const uniform = device.createBuffer({ size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
        created.push(uniform);
        const words = new Uint32Array(size / 4);
        words.set(constants.subarray(0, Math.min(constants.length, words.length)));
        device.queue.writeBuffer(uniform, 0, words);
        groups[p.pushConstants.group] = device.createBindGroup({ layout: p.layouts[p.pushConstants.group], entries: [{ binding: p.pushConstants.binding, resource: { buffer: uniform } }] });
      }
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(p.pipeline);
      groups.forEach((group, i) => group && pass.setBindGroup(i, group));
      pass.dispatchWorkgroups(...workgroups);
      pass.end();
      for (const b of buffers.filter((b) => p.written.has(b.binding))) {
        const staging = device.createBuffer({ size: b.size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
        created.push(staging);
        encoder.copyBufferToBuffer(b.buffer, 0, staging, 0, b.size);
        readBacks.push({ ...b, staging });
      }
      device.queue.submit([encoder.finish()]);
    });
    await Promise.all(readBacks.map((b) => b.staging.mapAsync(GPUMapMode.READ)));
    const now = new Uint8Array(state.memory.buffer); // the heap may have grown meanwhile
    for (const b of readBacks) writeChanges(now, b.address, new Uint8Array(b.staging.getMappedRange(), 0, b.length), b.uploaded);
  } finally {
    for (const buffer of created) buffer.destroy();
  }
  return null;
}

/**
 * Copies the bytes of `result` that differ from `uploaded` to the heap at `address`. Written
 * bindings may overlap on the heap (IREE binds one buffer twice, at different offsets, when a
 * dispatch writes two results into it); each binding is a GPU buffer of its own here, so
 * copying every one back whole would overwrite what another wrote with stale bytes.
 */
function writeChanges(heap, address, result, uploaded) {
  for (let i = 0; i < result.length; i++) {
    if (result[i] !== uploaded[i]) heap[address + i] = result[i];
  }
}

/** Runs `body` and turns WebGPU's validation and out-of-memory errors within it into WeftErrors. */
async function scoped(device, what, body) {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result, thrown = null;
  try {
    result = await body();
  } catch (e) {
    thrown = e;
  }
  const invalid = await device.popErrorScope();
  const oom = await device.popErrorScope();
  if (thrown) throw thrown instanceof WeftError ? thrown : new WeftError('UNSUPPORTED', `${what}: WebGPU refused it: ${thrown.message}`);
  if (oom) throw new WeftError('OUT_OF_MEMORY', `${what}: the GPU is out of memory (${oom.message})`);
  if (invalid) throw new WeftError('KERNEL_TRAP', `${what}: WebGPU validation failed: ${invalid.message}`);
  return result;
}
