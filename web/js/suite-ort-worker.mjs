// ONNX Runtime Web for one case of the model suite (web/js/suite.mjs starts one worker per case:
// ORT fixes its thread count when it first starts). Message in: {ort (its module for the
// device), ep (execution provider), onnx, threads, inputs, loop}; out: {result}
// (tests/bench/common.mjs's benchOrt) or {error}.

import { benchOrt } from '../bench/common.mjs';

self.onmessage = async ({ data }) => {
  try {
    // ORT would quietly run on one thread: say so instead of timing the wrong configuration.
    if (data.threads > 1 && !self.crossOriginIsolated) throw new Error(`${data.threads} threads need a cross-origin isolated page (SharedArrayBuffer); ONNX Runtime Web would run on 1`);
    const ort = await import(data.ort);
    ort.env.wasm.numThreads = data.threads;
    ort.env.wasm.wasmPaths = new URL('./', data.ort).href;
    const onnx = await fetch(data.onnx);
    if (!onnx.ok) throw new Error(`${new URL(data.onnx).pathname}: HTTP ${onnx.status}`);
    const result = await benchOrt(ort, new Uint8Array(await onnx.arrayBuffer()), data.inputs, data.loop, data.ep);
    self.postMessage({ result });
  } catch (e) {
    self.postMessage({ error: String(e?.message ?? e) });
  }
};
