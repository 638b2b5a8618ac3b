// LiteRT.js 2.5.3 in Node. Its loader is written for browsers: it loads the Emscripten script
// of the build it picks with importScripts() (a worker) or a <script> tag (a page) and reads
// the factory from `self`. Node has neither, so this gives it the worker's way: `self`, an
// importScripts that evaluates the script in this realm, and the CommonJS globals the
// Emscripten script uses under Node. Without relaxed SIMD (Node 20 without a flag) LiteRT.js
// picks its "compat" build; its threaded build needs relaxed SIMD and browser globals
// (navigator, Worker), so in Node it runs on one thread.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const wasmDir = fileURLToPath(new URL('./node_modules/@litertjs/core/wasm/', import.meta.url));

/** @litertjs/core, loaded (loadLiteRt) for this Node process on one thread. */
export async function loadLiteRtInNode() {
  globalThis.self ??= globalThis;
  globalThis.require ??= createRequire(import.meta.url);
  globalThis.__dirname ??= wasmDir;
  globalThis.importScripts ??= (url) => {
    const file = String(url).startsWith('file:') ? fileURLToPath(url) : String(url);
    vm.runInThisContext(readFileSync(file, 'utf8'), { filename: file });
  };
  const litert = await import('@litertjs/core');
  await litert.loadLiteRt(wasmDir, { threads: false });
  return litert;
}
