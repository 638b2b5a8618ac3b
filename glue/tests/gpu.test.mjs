// Weft's WebGPU device: every test program's Vulkan build with recorded calls (gpu/programs.mjs),
// compared with the reference runtime's results for the x86 build, on SwiftShader's adapter:
// in Node through Dawn (gpu/run-programs.mjs, in a process of its own) with the runtime in the
// test's thread and in a worker, and in headless Chromium with the runtime in its worker.
// `// KNOWN-GPU-DIFFERENCE: <function>: <why>` marks calls known to differ on the GPU (precision
// WGSL leaves to the implementation); they are listed, not counted as passing, and each must
// still differ.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { root } from './common.mjs';
import { runReporting } from './gpu/dawn.mjs';
import { runVulkanPrograms } from './gpu/programs.mjs';
import { toWire, fromWire } from './wire.mjs';
import { TYPED_ARRAYS } from '../js/values.mjs';
import { openBrowser } from '../../tests/web/browser.mjs';

/** Programs the WebGPU device refuses at load, and why (the translator names the feature). */
const REFUSED = [
  ['corpus/dtype_i64', /cannot be translated to WGSL: unsupported instruction/],
  ['corpus/dtype_f16', /computes on f16/],
  ['corpus/dtype_f32_to_f16', /computes on f16/],
];

/** Checks the vulkan builds' report, run on device 'webgpu'. */
function checkReport(r, mode) {
  console.log(`${mode}: ${r.programs} Vulkan builds, ${r.calls} calls compared on ${r.adapters.join(', ')}; ` +
    `${r.known.length} known differences (not passes):\n  ${r.known.join('\n  ')}\n` +
    `refused (not passes):\n  ${r.refused.join('\n  ')}`);
  assert.deepEqual(r.failures, [], `${r.failures.length} of ${r.calls} calls differ`);
  assert.deepEqual(r.stale, []);
  assert.deepEqual(r.devices, ['webgpu']);
  for (const [program, why] of REFUSED) {
    const refusal = r.refused.find((m) => m.startsWith(`${program}: `));
    assert.ok(refusal, `${program} was expected to be refused`);
    assert.match(refusal, why);
  }
  assert.equal(r.refused.length, REFUSED.length, `refused:\n${r.refused.join('\n')}`);
  assert.ok(r.programs >= 120 && r.calls >= 150, `only ${r.programs} programs, ${r.calls} calls`);
}

/** Checks the one-file (vulkan and wasm32) builds' report, run on device 'auto', which chose `device`. */
function checkOneFile(r, device, mode) {
  console.log(`${mode}: ${r.programs} builds for the GPU and the CPU, ${r.calls} calls compared on '${r.devices.join(', ')}'`);
  assert.deepEqual(r.failures, [], `${r.failures.length} of ${r.calls} calls differ`);
  assert.deepEqual(r.devices, [device], `'auto' chose ${r.devices.join(', ')}`);
  assert.deepEqual(r.refused, []);
  assert.ok(r.programs >= 6, `only ${r.programs} programs`);
}

for (const mode of ['direct', 'worker']) {
  test(`the Vulkan builds match the reference runtime on the WebGPU device in Node, runtime ${mode === 'direct' ? 'in this thread' : 'in a worker'}`, () => {
    const { gpu, auto, inspected, caught, adapter } = runReporting('run-programs.mjs', [mode]);
    checkReport(gpu, mode);
    assert.equal(`${adapter?.vendor} ${adapter?.architecture}`, 'google swiftshader', 'info() names the adapter');
    assert.ok(inspected.includes(adapter.description), `${inspected}: the program's adapter is info()'s`);
    assert.equal(caught.length, 1, `a planted wrong output is caught: ${caught}`);
    assert.match(caught[0], /gpu_signed_integers .* result 0: element 0: got/);
    checkOneFile(auto, 'webgpu', mode);
    assert.match(inspected, /^device: webgpu \(google swiftshader: SwiftShader/);
  });
}

test('without a WebGPU adapter, one file for the GPU and the CPU gives the same results on the CPU (Node)', () => {
  // No Vulkan driver: Dawn finds no adapter.
  const { gpu, auto, inspected, adapter } = runReporting('run-programs.mjs', ['direct'], { ...process.env, VK_ICD_FILENAMES: '/nonexistent.json', LD_LIBRARY_PATH: '' });
  assert.equal(gpu, null);
  assert.equal(adapter, null, 'info() names no adapter');
  assert.equal(inspected, 'device: cpu');
  checkOneFile(auto, 'cpu', 'no adapter');
});

test('a lost GPU device fails the call it ran and the next call runs on a new device (Node)', () => {
  const { calls, expected } = runReporting('device-loss.mjs');
  assert.deepEqual(calls[0], { results: expected }, 'before the loss');
  assert.equal(calls[1].error?.code, 'KERNEL_TRAP');
  assert.match(calls[1].error.message, /the GPU device was lost \(destroyed: .*\) while it ran this request; the next one gets a new device/);
  assert.deepEqual(calls[2], { results: expected }, 'on the new device');
});

// The page's runtime as runOracle uses one: load and call go through page.evaluate.
function pageRuntime(page) {
  const url = (file) => `/${path.relative(root, file)}`;
  const run = async (fn, arg) => {
    const out = await page.evaluate(fn, arg);
    if (out.error) throw Object.assign(new Error(out.error.message), { code: out.error.code });
    return out.ok;
  };
  return {
    async load(file, { device, parameters = {} }) {
      const urls = Object.fromEntries(Object.entries(parameters).map(([scope, files]) => [scope, files.map(url)]));
      const { id, device: where, adapter } = await run(async ({ source, options }) => {
        try {
          const p = await self.weft.rt.load(source, options);
          self.weft.programs.push(p);
          return { ok: { id: self.weft.programs.length - 1, device: p.device, adapter: p.adapter } };
        } catch (e) {
          return { error: { code: e.code, message: e.message } };
        }
      }, { source: url(file), options: { device, parameters: urls } });
      return {
        device: where,
        adapter,
        call: async (name, args) => (await run(async ({ id, name, args }) => {
          const { toWire, fromWire } = self.weft.wire;
          try {
            const results = await self.weft.programs[id].call(name, args.map((a) => fromWire(a, self.weft.TYPED_ARRAYS)));
            return { ok: results.map(toWire) };
          } catch (e) {
            return { error: { code: e.code, message: e.message } };
          }
        }, { id, name, args: args.map(toWire) })).map((r) => fromWire(r, TYPED_ARRAYS)),
        unload: () => run(async (id) => ({ ok: await self.weft.programs[id].unload() }), id),
      };
    },
  };
}

const SERVE = { mounts: [['/glue/tests/browser.html', path.join(root, 'glue/tests/browser.html')], ['/glue/tests/wire.mjs', path.join(root, 'glue/tests/wire.mjs')], ['/tests/build/', path.join(root, 'tests/build')]] };

/** Runs `body(rt)` with a page's runtime (in its worker), in Chromium with or without WebGPU. */
async function inChromium(webgpu, body) {
  const browser = await openBrowser(SERVE, { webgpu });
  try {
    const page = await browser.newPage('glue/tests/browser.html');
    await page.evaluate(async () => {
      const { Weft } = await import('/glue/js/weft.mjs');
      const { TYPED_ARRAYS } = await import('/glue/js/values.mjs');
      self.weft = { rt: await Weft.create(), programs: [], TYPED_ARRAYS, wire: await import('/glue/tests/wire.mjs') };
    });
    await body(pageRuntime(page));
    await page.evaluate(() => self.weft.rt.close());
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
}

test('the Vulkan builds match the reference runtime on WebGPU in headless Chromium', () => inChromium(true, async (rt) => {
  checkReport(await runVulkanPrograms(rt), 'Chromium');
  checkOneFile(await runVulkanPrograms(rt, { target: 'vulkan-wasm32', device: 'auto' }), 'webgpu', 'Chromium');
}));

test('in Chromium without WebGPU, one file for the GPU and the CPU gives the same results on the CPU', () => inChromium(false, async (rt) => {
  checkOneFile(await runVulkanPrograms(rt, { target: 'vulkan-wasm32', device: 'auto' }), 'cpu', 'Chromium without WebGPU');
}));
