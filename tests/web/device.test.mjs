// The pages' "Run on" choice, with one file for the GPU and the CPU (the `vulkan-wasm32` build
// of a test program, `weft compile --device=webgpu,cpu`'s flags): in Chromium with WebGPU (the
// SwiftShader adapter) `auto` runs it on the GPU and `cpu` on the CPU; without WebGPU `auto`
// runs it on the CPU and `webgpu` is refused, saying why. Every recorded call shows what
// iree-run-module printed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openBrowser, oracleCalls, root } from './browser.mjs';
import { loadFile, call } from './pages.mjs';

const PROGRAM = 'gpu_signed_integers';
const FILE = path.join(root, `tests/build/corpus/${PROGRAM}.vulkan-wasm32.vmfb`);

/** Picks the one-file program again (the picker fires no change for the file it holds) on `device`. */
async function loadOn(page, device) {
  await page.setInputFiles('#file-input', []);
  await page.selectOption('#device-select', device);
  return loadFile(page, FILE);
}

/** Loads the one-file program on `device` and makes every recorded call; returns the load's status. */
async function loadAndCall(page, device) {
  const loaded = await loadOn(page, device);
  assert.equal(loaded.error, '', `loading on '${device}'`);
  for (const c of oracleCalls(PROGRAM, 'corpus')) {
    const got = await call(page, c.function, c.inputs);
    assert.equal(got.error, '', `${c.function} on '${device}'`);
    assert.equal(got.outputs, c.stdout, `${c.function} on '${device}'`);
  }
  return loaded.status;
}

async function withPage(webgpu, body) {
  const browser = await openBrowser({}, { webgpu });
  try {
    await body(await browser.newPage('index.html'));
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
}

test('with WebGPU, auto runs the program on the GPU and cpu on the CPU, each with iree-run-module\'s outputs', () => withPage(true, async (page) => {
  assert.match(await loadAndCall(page, 'auto'), /runs on the GPU \(google swiftshader\)\.$/);
  assert.match(await page.locator('#inspect').textContent(), /device: webgpu \(google swiftshader/);
  assert.match(await loadAndCall(page, 'cpu'), /runs on the CPU\.$/);
  assert.match(await page.locator('#inspect').textContent(), /device: cpu/);
}));

test('without WebGPU, auto runs the program on the CPU and webgpu is refused, saying why', () => withPage(false, async (page) => {
  assert.match(await loadAndCall(page, 'auto'), /runs on the CPU\.$/);
  const refused = await loadOn(page, 'webgpu');
  assert.match(refused.error, /^Could not load gpu_signed_integers\.vulkan-wasm32\.vmfb: device 'webgpu' is not available: WebGPU found no adapter/);
  assert.match(refused.status, /^Still loaded: gpu_signed_integers\.vulkan-wasm32\.vmfb\.$/);
}));
