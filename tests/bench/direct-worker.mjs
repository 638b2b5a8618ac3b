// A dedicated Worker of bench.html running Weft with `worker: false`: the runtime in the thread
// that times the calls, as the peers run in the thread that calls them. Here, not on the page's
// main thread, because a runtime there cannot wait for its pool (1 thread only).
// Message in: {model, target, threads, loop}; out: {result} or {error}.
import { Weft } from '/glue/js/weft.mjs';
import { parseNpy, benchWeft } from '/tests/bench/common.mjs';

self.onmessage = async ({ data: { model, target, threads, loop } }) => {
  try {
    const rt = await Weft.create({ worker: false, threads });
    try {
      const info = await rt.info();
      if (info.threads !== threads) throw new Error(`asked for ${threads} threads, Weft runs on ${info.threading}`);
      const names = await (await fetch(`/tests/bench/build/${model}.inputs.json`)).json();
      const inputs = {};
      for (const n of names) inputs[n] = parseNpy(await (await fetch(`/tests/bench/build/${model}.in.${n}.npy`)).arrayBuffer());
      postMessage({ result: await benchWeft(rt, `/tests/bench/build/${model}.${target}.vmfb`, inputs, loop) });
    } finally {
      await rt.close();
    }
  } catch (e) {
    postMessage({ error: String(e?.message ?? e).slice(0, 400) });
  }
};
