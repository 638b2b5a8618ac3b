// glue/wgsl's translator module (glue/pkg/weft_wgsl.wasm, through glue/js/gpu/wgsl.mjs) on the
// Vulkan build of every test program, and every pipeline it writes built by Dawn, a real WebGPU
// implementation, on the SwiftShader adapter (gpu/build-pipelines.mjs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root, requireFile } from './common.mjs';
import { WeftError } from '../js/errors.mjs';
import { Translator } from '../js/gpu/wgsl.mjs';
import { vulkanExecutables } from './gpu/executables.mjs';
import { runReporting } from './gpu/dawn.mjs';

const translatorBytes = () => readFileSync(requireFile(path.join(root, 'glue/pkg/weft_wgsl.wasm')));

// The Vulkan target stores f16 as f32 in buffers the program sizes for f16.
const f16 = (program) => ({ program, code: 'UNSUPPORTED', message: /computes on f16, which the compiler's vulkan target/ });

/** Programs with executables the translator refuses (others of theirs may translate), and what the error says. */
const REFUSED = [
  // The Vulkan target emulates i64 with instructions naga cannot read; WebGPU has no i64.
  { program: 'corpus/dtype_i64.vulkan', code: 'UNSUPPORTED', message: /its SPIR-V cannot be translated to WGSL: unsupported instruction/ },
  f16('corpus/dtype_f16.vulkan'),
  f16('corpus/dtype_f32_to_f16.vulkan'),
  f16('linker/half.vulkan'),
  f16('routing/matmul.vulkan'),
  f16('ukernels/matmul_16bit.vulkan'),
];

test('every pipeline the translator writes for the test programs builds on Dawn (WebGPU) without a validation error', () => {
  const { limits, results } = runReporting('build-pipelines.mjs');
  // Ten storage buffers: refused by name where the adapter allows fewer, built where it allows ten.
  const manyBindings = { program: 'corpus/gpu_many_bindings.vulkan', code: 'UNSUPPORTED', message: /needs 10 storage buffers; this WebGPU adapter allows \d+ \(maxStorageBuffersPerShaderStage\)/ };
  const refused = limits.maxStorageBuffersPerShaderStage < 10 ? [...REFUSED, manyBindings] : REFUSED;
  let built = 0;
  for (const r of results) {
    const expected = refused.find((x) => x.program === r.program);
    if (expected && r.stage !== 'ok') {
      assert.equal(r.stage, 'translate', `${r.label}: expected the translator to refuse it`);
      assert.equal(r.code, expected.code, r.label);
      assert.match(r.message, expected.message, r.label);
      assert.match(r.message, new RegExp(`executable '${r.program}#\\d+'`), `${r.label}: the error names the executable`);
    } else {
      assert.equal(r.stage, 'ok', `${r.label}: ${r.stage}: ${r.message}`);
      built++;
    }
  }
  for (const x of refused) assert.ok(results.some((r) => r.program === x.program && r.stage === 'translate'), `${x.program}: no executable of it was refused`);
  assert.ok(built > 350, `only ${built} pipelines built`);
});

test('a translator trap (naga panicking on corrupt SPIR-V) is an INVALID_PROGRAM error, and the next translation works', async () => {
  const translator = await Translator.compile(translatorBytes());
  const limits = { maxComputeInvocationsPerWorkgroup: 256, maxComputeWorkgroupSizeX: 256, maxComputeWorkgroupSizeY: 256, maxComputeWorkgroupSizeZ: 64, maxComputeWorkgroupStorageSize: 16384, maxStorageBuffersPerShaderStage: 8, maxBindGroups: 4 };
  const { label, bytes } = vulkanExecutables().find((e) => e.program === 'corpus/gpu_dynamic_rows.vulkan');
  const good = translator.translate(label, bytes, limits);
  assert.equal(good.pipelines.length, 1);
  // Single-bit flips past the header, the same on every run, until one stops naga.
  let state = 0x2545f491;
  const next = () => ((state ^= state << 13), (state ^= state >>> 17), (state ^= state << 5), state >>> 0);
  let trapped = null;
  const outcomes = { translated: 0, refused: 0 };
  for (let i = 0; i < 20000 && !trapped; i++) {
    const bad = bytes.slice();
    const at = 64 + (next() % (bad.length - 64));
    bad[at] ^= 1 << (next() % 8);
    try {
      translator.translate(label, bad, limits);
      outcomes.translated++;
    } catch (e) {
      assert.ok(e instanceof WeftError, String(e));
      if (/stopped the WGSL translator/.test(e.message)) trapped = e;
      else outcomes.refused++;
    }
  }
  assert.ok(trapped, `no corruption stopped the translator in 20000 tries (${JSON.stringify(outcomes)}); the recovery path went unchecked`);
  assert.equal(trapped.code, 'INVALID_PROGRAM');
  assert.match(trapped.message, new RegExp(`executable '${label.replace(/[.#]/g, '\\$&')}' stopped the WGSL translator \\(.*\\); expected SPIR-V it can read`));
  assert.deepEqual(translator.translate(label, bytes, limits), good, 'the translator works again after the trap');
  assert.ok(outcomes.refused > 0, 'corruptions were also refused with errors');
});

test('the translator refuses limits that are not a GPUSupportedLimits', async () => {
  const translator = await Translator.compile(translatorBytes());
  const [{ label, bytes }] = vulkanExecutables();
  assert.throws(() => translator.translate(label, bytes, { maxBindGroups: 4 }), (e) => e.code === 'BAD_ARGUMENT' && /limits lack maxComputeInvocationsPerWorkgroup/.test(e.message));
});
