// The GPU worker: owns the WebGPU device of one runtime and runs what the runtime's thread asks
// (device.mjs). WebGPU finishes work through promises, which the runtime's thread cannot wait
// for inside a synchronous `hal` call, so that thread posts a request here and blocks on a
// shared control word until this worker has answered it.
//
// Executables: each is translated to WGSL (wgsl.mjs) and built into one compute pipeline per
// export when the program's initializer creates it. Dispatches: the program's buffers live on
// the runtime's heap (its shared memory, which this worker also sees), in blocks. The GPU keeps
// a mirror of each block a dispatch binds, uploaded again only when the block's generation (how
// often the runtime may have written it) has moved, so constants are uploaded once. A command
// buffer's dispatches arrive together and run in one submission; then the ranges they wrote are
// copied back to the heap, which stays the program's up-to-date copy.

import { WeftError } from '../errors.mjs';
import { Translator } from './wgsl.mjs';
import { answer, beat, BEAT_MS } from './control.mjs';

/**
 * Serves requests from `channel` ({post, onMessage}) on the adapter `gpu` (a `GPU`: the
 * page's `navigator.gpu`, or Dawn's in Node) gives; without one, `why` says why not.
 */
export function runGpuWorker(channel, gpu, why) {
  let state = null; // start()'s: the device, its translator, executables and mirrors
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
    // Every request but a release or a close is answered, whatever happens: the runtime's
    // thread is blocked until it is, and hears a heartbeat meanwhile.
    const oneWay = ONE_WAY.has(m.op);
    const heartbeat = oneWay ? null : setInterval(() => beat(control), BEAT_MS);
    const reply = await serve(state, m).then(
      (text) => ({ failed: false, text: text ?? '' }),
      async (e) => {
        const lost = await lostMeanwhile(state);
        return { failed: true, text: lost ? `KERNEL_TRAP: ${lost} while it ran this request; the next one gets a new device` : `${e?.code ?? 'KERNEL_TRAP'}: ${e?.message ?? e}` };
      },
    );
    clearInterval(heartbeat);
    if (!oneWay) answer(control, reply);
  });
}

/** Requests that are not answered: the runtime's thread does not wait for them. */
const ONE_WAY = new Set(['release', 'close']);

async function start(gpu, why, { memory, translator }) {
  if (!gpu) throw new WeftError('UNSUPPORTED', why);
  // executables: key -> {name, translated, pipelines}; mirrors: program id -> (block id -> its
  // mirror: {buffer, size, generation}, or a marker {buffer: null} for a block whose heap bytes
  // no GPU buffer holds).
  const state = { gpu, translator: new Translator(translator), memory, executables: new Map(), mirrors: new Map(), lost: null };
  await openDevice(state);
  return state;
}

/** Gives `state` a device on the adapter `state.gpu` offers, and notes when that device is lost. */
async function openDevice(state) {
  const adapter = await state.gpu.requestAdapter();
  if (!adapter) throw new WeftError('UNSUPPORTED', 'WebGPU found no adapter on this machine');
  // Everything the adapter offers, so no pipeline is refused below what the GPU can run.
  const requiredLimits = {};
  for (const key in adapter.limits) if (typeof adapter.limits[key] === 'number') requiredLimits[key] = adapter.limits[key];
  const device = await adapter.requestDevice({ requiredLimits });
  device.lost.then((info) => { if (state.device === device) state.lost = `the GPU device was lost (${info.reason}: ${info.message})`; });
  Object.assign(state, { device, adapter: describe(adapter), lost: null });
}

/** Why the device is gone, if it is (its `lost` promise settles shortly after a loss), or null. */
async function lostMeanwhile(state) {
  if (!state?.device) return null;
  await Promise.race([state.device.lost, new Promise((settled) => setTimeout(settled, 100))]);
  return state.lost;
}

/**
 * After the device was lost: a new device, every executable's pipelines built on it again from
 * their translations, and each mirror a marker, so the block is uploaded again from the heap
 * (which holds everything the GPU wrote before the loss) when it is next bound.
 */
async function recover(state) {
  const lost = state.lost;
  try {
    await openDevice(state);
    for (const executable of state.executables.values()) executable.pipelines = await buildPipelines(state.device, executable.name, executable.translated);
  } catch (e) {
    state.lost = lost;
    throw new WeftError(e.code ?? 'UNSUPPORTED', `${lost}, and a new one could not be made: ${e.message}`);
  }
  for (const mirrors of state.mirrors.values()) {
    for (const mirror of mirrors.values()) Object.assign(mirror, { buffer: null, size: 0, generation: -1 });
  }
}

/** The adapter as `info()` names it. */
function describe(adapter) {
  const info = adapter.info ?? {};
  return { vendor: info.vendor ?? '', architecture: info.architecture ?? '', description: info.description ?? '' };
}

async function serve(state, m) {
  if (!state) throw new WeftError('UNSUPPORTED', 'the GPU worker has no device');
  if (state.lost && !ONE_WAY.has(m.op)) await recover(state);
  switch (m.op) {
    case 'create': return createExecutable(state, m);
    case 'run': return run(state, m);
    case 'release': state.executables.delete(m.key); return null;
    case 'close': forget(state, m.program); return null;
    default: throw new WeftError('BAD_ARGUMENT', `the GPU worker has no request '${m.op}'`);
  }
}

/** Translates executable `m.key` (its bytes on the heap) and builds its pipelines; answers their names. */
async function createExecutable(state, { key, name, address, length }) {
  const bytes = new Uint8Array(state.memory.buffer, address, length).slice();
  const translated = state.translator.translate(name, bytes, state.device.limits);
  state.executables.set(key, { name, translated, pipelines: await buildPipelines(state.device, name, translated) });
  return JSON.stringify(translated.pipelines.map((p) => p.name));
}

/** The pipelines of executable `name`, from its translation. */
function buildPipelines(device, name, translated) {
  return scoped(device, `executable '${name}'`, async () => {
    const modules = translated.shaders.map((code) => device.createShaderModule({ code }));
    const compiled = await Promise.all(modules.map((module) => module.getCompilationInfo()));
    const errors = compiled.flatMap((info) => info.messages.filter((x) => x.type === 'error').map((x) => `${x.lineNum}:${x.linePos}: ${x.message}`));
    if (errors.length) throw new WeftError('UNSUPPORTED', `executable '${name}': WebGPU refuses its WGSL: ${errors.join('; ')}`);
    return translated.pipelines.map((p) => buildPipeline(device, modules[p.shader], p));
  });
}

/** Pipeline `p` (as the translator describes it) of WGSL `module`, with the layout it is dispatched with. */
export function buildPipeline(device, module, p) {
  if (p.bindGroups.length > 1) throw new WeftError('UNSUPPORTED', `pipeline '${p.name}' uses ${p.bindGroups.length} descriptor sets; IREE's dispatches bind one`);
  const storage = (bindings, group) => device.createBindGroupLayout({
    entries: bindings.map((binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: p.writable[group]?.includes(binding) ? 'storage' : 'read-only-storage' } })),
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
  return { pipeline, layouts, bindings: p.bindGroups[0] ?? [], written: new Set(p.written[0] ?? []), writable: new Set(p.writable[0] ?? []), pushConstants: p.pushConstants, name: p.name };
}

/** The words of a dispatch's binding: its block's id, generation, address and length, its range. */
const WORDS = 6;
const binding = (d, b) => {
  const [id, generation, address, blockLength, offset, length] = d.bindings.subarray(WORDS * b, WORDS * b + WORDS);
  return { id, generation, address, blockLength, offset, length };
};
const padded = (n) => Math.max(4, Math.ceil(n / 4) * 4);

/**
 * Runs program `program`'s queued `dispatches` in order, after forgetting the mirrors of the
 * `dead` blocks. Consecutive dispatches whose bindings the mirrors can serve run in one
 * submission; any other runs alone on copies of its ranges (`isolated`).
 */
async function run(state, { program, dispatches, dead }) {
  const mirrors = state.mirrors.get(program) ?? state.mirrors.set(program, new Map()).get(program);
  for (const id of dead) {
    mirrors.get(id)?.buffer?.destroy();
    mirrors.delete(id);
  }
  let batch = [];
  for (const d of dispatches) {
    const p = pipelineOf(state, d);
    if (d.workgroups.some((n) => n === 0)) continue;
    if (p.bindings.every((b) => mirrorable(state.device, binding(d, b))) && !writesOverlap(p, d)) {
      batch.push({ p, d });
      continue;
    }
    await runBatch(state, mirrors, batch);
    batch = [];
    await isolated(state, mirrors, p, d);
  }
  await runBatch(state, mirrors, batch);
  return null;
}

/** The pipeline dispatch `d` runs, once its workgroup count and bindings are checked. */
function pipelineOf(state, d) {
  const { device } = state;
  const pipelines = state.executables.get(d.key)?.pipelines;
  const p = pipelines?.[d.exportIndex];
  if (!p) throw new WeftError('BAD_ARGUMENT', `dispatch of export ${d.exportIndex} of an executable with ${pipelines?.length ?? 0}`);
  const count = d.bindings.length / WORDS;
  const needed = p.bindings.length ? Math.max(...p.bindings) + 1 : 0;
  if (needed > count) throw new WeftError('BAD_ARGUMENT', `pipeline '${p.name}' binds ${needed} buffers but the dispatch passes ${count}`);
  const limit = device.limits.maxComputeWorkgroupsPerDimension;
  if (d.workgroups.some((n) => n > limit)) throw new WeftError('UNSUPPORTED', `pipeline '${p.name}' is dispatched over ${d.workgroups.join('x')} workgroups; this adapter runs at most ${limit} per dimension (maxComputeWorkgroupsPerDimension)`);
  for (const b of p.bindings) {
    const { length } = binding(d, b);
    if (padded(length) > device.limits.maxStorageBufferBindingSize) throw new WeftError('UNSUPPORTED', `pipeline '${p.name}' binds ${length} bytes; this adapter binds at most ${device.limits.maxStorageBufferBindingSize} (maxStorageBufferBindingSize)`);
  }
  return p;
}

/**
 * Whether a binding can be served from its block's mirror: bound as a range of it, or, where
 * WebGPU cannot bind its offset (minStorageBufferOffsetAlignment), copied out of it (copies
 * need 4-byte offsets).
 */
function mirrorable(device, { blockLength, offset, length }) {
  return offset % 4 === 0 && padded(blockLength) <= device.limits.maxBufferSize && offset + padded(length) <= padded(blockLength);
}

/** Whether ranges `a` and `b` (bindings) share bytes of one block, as WebGPU binds them (sizes padded). */
const overlap = (a, b) => a.id === b.id && a.offset < b.offset + padded(b.length) && b.offset < a.offset + padded(a.length);

/**
 * Whether two writable bindings of dispatch `d` overlap. Each would need the block's bytes to
 * itself, and two copies cannot be merged back on the GPU (see `isolated`).
 */
function writesOverlap(p, d) {
  const writable = p.bindings.filter((b) => p.writable.has(b)).map((b) => binding(d, b));
  return writable.some((a, i) => writable.some((b, j) => j > i && overlap(a, b)));
}

/** The mirror of a block, made (WebGPU zeroes it, as a new block is) or uploaded when stale. */
function mirrorOf(device, mirrors, heap, { id, generation, address, blockLength }) {
  let mirror = mirrors.get(id);
  if (!mirror?.buffer) {
    // A block never seen is as it was made (zeros, when its generation is 0); a marked one (a
    // dispatch that ran alone wrote it, or its mirror went with a lost device) must be uploaded.
    const size = padded(blockLength);
    mirror = { buffer: device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC }), size, generation: mirror ? -1 : 0 };
    mirrors.set(id, mirror);
  }
  if (mirror.generation !== generation) {
    const bytes = new Uint8Array(mirror.size);
    bytes.set(heap.subarray(address, address + blockLength));
    device.queue.writeBuffer(mirror.buffer, 0, bytes);
    mirror.generation = generation;
  }
  return mirror;
}

/** Runs `batch` ({p, d} dispatches) in one submission and copies what they wrote to the heap. */
async function runBatch(state, mirrors, batch) {
  if (!batch.length) return;
  const { device } = state;
  const heap = new Uint8Array(state.memory.buffer);
  const created = [];
  const written = new Map(); // block id -> {mirror, address, blockLength, ranges: [[start, end]]}
  const readBacks = [];
  const names = [...new Set(batch.map(({ p }) => p.name))];
  const what = `pipeline${names.length > 1 ? 's' : ''} '${names.slice(0, 3).join("', '")}'${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
  let mapped;
  try {
    await scoped(device, what, async () => {
      const uniforms = new Uniforms(device, batch.map(({ p }) => p));
      if (uniforms.buffer) created.push(uniforms.buffer);
      const encoder = device.createCommandEncoder();
      let pass = encoder.beginComputePass();
      for (const [i, { p, d }] of batch.entries()) {
        const ranges = p.bindings.map((b) => ({ b, ...binding(d, b) }));
        for (const r of ranges) {
          r.mirror = mirrorOf(device, mirrors, heap, r);
          if (p.written.has(r.b)) {
            const w = written.get(r.id) ?? written.set(r.id, { mirror: r.mirror, address: r.address, blockLength: r.blockLength, ranges: [] }).get(r.id);
            w.ranges.push([r.offset, Math.min(r.offset + r.length, r.blockLength)]);
          }
        }
        // A binding at an offset WebGPU cannot bind, and a writable binding that overlaps
        // another (WebGPU refuses those), run on a copy of their range; the written ones are
        // copied back after the dispatch.
        const align = device.limits.minStorageBufferOffsetAlignment;
        const apart = ranges.filter((r) => r.offset % align !== 0 || (p.writable.has(r.b) && ranges.some((o) => o !== r && overlap(o, r))));
        if (apart.length) {
          pass.end();
          for (const r of apart) {
            r.copy = device.createBuffer({ size: padded(r.length), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
            created.push(r.copy);
            encoder.copyBufferToBuffer(r.mirror.buffer, r.offset, r.copy, 0, padded(r.length));
          }
          pass = encoder.beginComputePass();
        }
        const entries = ranges.map((r) => ({ binding: r.b, resource: r.copy ? { buffer: r.copy } : { buffer: r.mirror.buffer, offset: r.offset, size: padded(r.length) } }));
        encodeDispatch(device, pass, p, d, entries, uniforms.slot(i, p, d));
        if (apart.length) {
          pass.end();
          for (const r of apart.filter((r) => p.written.has(r.b))) encoder.copyBufferToBuffer(r.copy, 0, r.mirror.buffer, r.offset, padded(r.length));
          pass = encoder.beginComputePass();
        }
      }
      pass.end();
      for (const w of written.values()) {
        const lo = Math.floor(Math.min(...w.ranges.map(([s]) => s)) / 4) * 4;
        const hi = Math.min(w.mirror.size, padded(Math.max(...w.ranges.map(([, e]) => e))));
        readBacks.push({ ...w, lo, staging: stagingCopy(device, encoder, created, w.mirror.buffer, lo, hi - lo) });
      }
      mapped = submit(device, encoder, uniforms, readBacks.map((r) => r.staging));
    });
    await mapped;
    const now = new Uint8Array(state.memory.buffer); // the heap may have grown meanwhile
    for (const r of readBacks) {
      const bytes = new Uint8Array(r.staging.getMappedRange());
      for (const [start, end] of r.ranges) now.set(bytes.subarray(start - r.lo, end - r.lo), r.address + start);
    }
  } catch (e) {
    // What the GPU wrote may not have reached the heap: upload those blocks again next time.
    for (const w of written.values()) w.mirror.generation = -1;
    throw e;
  } finally {
    for (const buffer of created) buffer.destroy();
  }
}

/**
 * Records dispatch `d` of pipeline `p` on `pass`: its bindings `entries`, its push constants
 * at `constants` (a uniform buffer range from `Uniforms`, or null).
 */
function encodeDispatch(device, pass, p, d, entries, constants) {
  const groups = [];
  if (p.layouts.length && entries.length) groups[0] = device.createBindGroup({ layout: p.layouts[0], entries });
  if (p.pushConstants) {
    groups[p.pushConstants.group] = device.createBindGroup({ layout: p.layouts[p.pushConstants.group], entries: [{ binding: p.pushConstants.binding, resource: constants }] });
  }
  pass.setPipeline(p.pipeline);
  groups.forEach((group, i) => group && pass.setBindGroup(i, group));
  pass.dispatchWorkgroups(...d.workgroups);
}

/** The push constants of one submission's dispatches: one uniform buffer, a slot per dispatch. */
class Uniforms {
  /** For the dispatches of `pipelines`, in order. */
  constructor(device, pipelines) {
    const align = device.limits.minUniformBufferOffsetAlignment;
    let size = 0;
    this.offsets = pipelines.map((p) => {
      const offset = size;
      if (p.pushConstants) size += Math.ceil(Uniforms.bytes(p) / align) * align;
      return offset;
    });
    this.buffer = size ? device.createBuffer({ size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }) : null;
    this.words = new Uint32Array(size / 4);
  }

  /** Uniform buffers are bound in multiples of 16 bytes. */
  static bytes(p) {
    return Math.ceil(p.pushConstants.bytes / 16) * 16;
  }

  /** Puts dispatch `i`'s constants in its slot; the binding resource of that slot, or null. */
  slot(i, p, d) {
    if (!p.pushConstants) return null;
    const size = Uniforms.bytes(p);
    this.words.set(d.constants.subarray(0, Math.min(d.constants.length, size / 4)), this.offsets[i] / 4);
    return { buffer: this.buffer, offset: this.offsets[i], size };
  }

  /** Writes every slot (queued before the submission that reads them). */
  upload(device) {
    if (this.buffer) device.queue.writeBuffer(this.buffer, 0, this.words);
  }
}

/** A staging buffer (in `created`) into which `encoder` copies `size` bytes of `source` from `offset`. */
function stagingCopy(device, encoder, created, source, offset, size) {
  const staging = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  created.push(staging);
  encoder.copyBufferToBuffer(source, offset, staging, 0, size);
  return staging;
}

/**
 * Submits `encoder` after the `uniforms` it uses, and starts mapping `stagings` for reading
 * right away, so the wait for the GPU overlaps the error scope's; the caller awaits the returned
 * promise once the scope said the work was valid.
 */
function submit(device, encoder, uniforms, stagings) {
  uniforms.upload(device);
  device.queue.submit([encoder.finish()]);
  const mapped = Promise.all(stagings.map((b) => b.mapAsync(GPUMapMode.READ)));
  mapped.catch(() => {}); // an invalid submission is reported by its error scope instead
  return mapped;
}

/**
 * Runs dispatch `d` alone, for bindings no mirror can serve: each binding's range is uploaded
 * into a buffer of its own and the bytes the pipeline changed in the ones it writes are
 * copied back. The mirrors of the blocks it wrote are stale afterwards.
 */
async function isolated(state, mirrors, p, d) {
  const { device } = state;
  const heap = new Uint8Array(state.memory.buffer);
  const created = [];
  const readBacks = [];
  let mapped;
  try {
    await scoped(device, `pipeline '${p.name}'`, async () => {
      const uniforms = new Uniforms(device, [p]);
      if (uniforms.buffer) created.push(uniforms.buffer);
      const buffers = p.bindings.map((b) => {
        const { id, address: block, offset, length } = binding(d, b);
        const address = block + offset;
        const size = padded(length);
        const buffer = device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
        created.push(buffer);
        const uploaded = new Uint8Array(size);
        uploaded.set(heap.subarray(address, address + length));
        device.queue.writeBuffer(buffer, 0, uploaded);
        return { id, binding: b, buffer, address, length, size, uploaded };
      });
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      encodeDispatch(device, pass, p, d, buffers.map(({ binding: b, buffer }) => ({ binding: b, resource: { buffer } })), uniforms.slot(0, p, d));
      pass.end();
      for (const b of buffers.filter((b) => p.written.has(b.binding))) {
        readBacks.push({ ...b, staging: stagingCopy(device, encoder, created, b.buffer, 0, b.size) });
      }
      mapped = submit(device, encoder, uniforms, readBacks.map((b) => b.staging));
    });
    await mapped;
    const now = new Uint8Array(state.memory.buffer); // the heap may have grown meanwhile
    for (const b of readBacks) {
      writeChanges(now, b.address, new Uint8Array(b.staging.getMappedRange(), 0, b.length), b.uploaded);
      // The heap now holds bytes no mirror has: a mirror made later must upload them.
      const mirror = mirrors.get(b.id) ?? mirrors.set(b.id, { buffer: null, size: 0 }).get(b.id);
      mirror.generation = -1;
    }
  } finally {
    for (const buffer of created) buffer.destroy();
  }
}

/** Forgets program `program`'s mirrors. */
function forget(state, program) {
  for (const mirror of state.mirrors.get(program)?.values() ?? []) mirror.buffer?.destroy();
  state.mirrors.delete(program);
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
