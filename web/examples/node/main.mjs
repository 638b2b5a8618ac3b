// Calls one function of a compiled program and prints its results as iree-run-module does:
//
//   node main.mjs PROGRAM.vmfb FUNCTION [INPUT ...]      e.g. node main.mjs abs.vmfb abs 'f32=-2.5'
//
// Inputs use iree-run-module's --input syntax (`4xf32=1 2 3 4`, `7`).
import { Weft, WeftError } from 'weft-runtime';

const [program, fn, ...inputs] = process.argv.slice(2);
if (!program || !fn) {
  console.error('usage: node main.mjs PROGRAM.vmfb FUNCTION [INPUT ...]');
  process.exit(2);
}

const rt = await Weft.create(); // the runtime in a worker_thread, on every core
try {
  const loaded = await rt.load(program, {
    onProgress: ({ stage, loaded, total }) => {
      if (process.env.SHOW_PROGRESS) console.error(stage === 'download' ? `download ${loaded}/${total}` : stage);
    },
  });
  const { results } = await loaded.callText(fn, inputs, { timeoutMs: 60_000 });
  console.log(`EXEC @${fn}`);
  results.forEach((r, i) => console.log(`result[${i}]: ${r}`));
} catch (e) {
  console.error(e instanceof WeftError ? `${e.code}: ${e.message}` : e);
  process.exitCode = 1;
} finally {
  await rt.close();
}
