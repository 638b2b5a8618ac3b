#!/usr/bin/env node
// `weft` command line (Node): run a program function as iree-run-module does, or describe a
// program.
//
//   npx weft run --module=M.vmfb --function=F [--input=VALUE | --input=@x.npy ...] [--device=local-sync]
//   npx weft inspect M.vmfb
//   npx weft compile model.mlir|model.onnx -o model.vmfb   (see compile.mjs)
//   npx weft test --module=M.vmfb [--function=F]   (self-checking programs: PASS/FAIL per function)
//
// `run` prints what iree-run-module prints (`EXEC @F`, then `result[i]: ...`); errors go to
// stderr with exit code 1.

import { Weft } from './weft.mjs';
import { compile, parseCompile } from './compile.mjs';

const USAGE = `usage:
  weft run --module=FILE.vmfb --function=NAME [--input=VALUE ...]
  weft inspect FILE.vmfb
  weft compile MODEL.mlir|MODEL.onnx -o OUT.vmfb [--relaxed-simd] [--report] [--no-kernels] [--iree-...]
  weft test --module=FILE.vmfb [--function=NAME]`;

function parseRun(args) {
  const opts = { inputs: [] };
  for (let i = 0; i < args.length; i++) {
    let a = args[i];
    let m = /^--([a-z_-]+)(?:=(.*))?$/s.exec(a);
    if (!m) throw new Error(`unexpected argument '${a}'\n${USAGE}`);
    let [, key, value] = m;
    if (value === undefined) {
      if (i + 1 >= args.length) throw new Error(`--${key} needs a value`);
      value = args[++i];
    }
    switch (key) {
      case 'module': opts.module = value; break;
      case 'function': opts.function = value; break;
      case 'input': opts.inputs.push(value); break;
      case 'device':
        // The VM runs everything in one worker; both local devices mean the same here.
        if (!/^local-(sync|task)$/.test(value)) throw new Error(`--device=${value}: Weft runs on local-sync/local-task`);
        break;
      default:
        throw new Error(`--${key} is not supported by weft run (supported: --module, --function, --input, --device)`);
    }
  }
  if (!opts.module || !opts.function) throw new Error(`--module and --function are required\n${USAGE}`);
  return opts;
}

// `@file.npy` inputs are read here; other `@` forms are not supported.
async function input(text) {
  if (!text.startsWith('@')) return text;
  const file = text.slice(1);
  if (!file.endsWith('.npy')) throw new Error(`--input=${text}: only .npy files can be given with @ (raw files need a type; not supported yet)`);
  const { readFile } = await import('node:fs/promises');
  return { npy: new Uint8Array(await readFile(file)) };
}

function parseTest(args) {
  const opts = {};
  for (const a of args) {
    const m = /^--(module|function)=(.+)$/s.exec(a);
    if (!m) throw new Error(`weft test: unexpected argument '${a}'\n${USAGE}`);
    opts[m[1]] = m[2];
  }
  if (!opts.module) throw new Error(`weft test: --module is required\n${USAGE}`);
  return opts;
}

// Runs every exported function without arguments and results (or only `opts.function`), each
// in a freshly loaded copy of the program so one test's state cannot leak into the next, with
// the `check` module's expectations enforced. Prints PASS/FAIL per function and a total.
async function runChecks(opts) {
  const rt = await Weft.create();
  try {
    const probe = await rt.load(opts.module);
    let names = probe.functions.filter((f) => f.cconv === '0v_v' && !f.name.startsWith('__')).map((f) => f.name);
    await probe.unload();
    if (opts.function) {
      if (!names.includes(opts.function)) throw new Error(`weft test: '${opts.function}' is not an exported function without arguments and results`);
      names = [opts.function];
    }
    if (names.length === 0) throw new Error(`weft test: ${opts.module} exports no function without arguments and results`);
    let failed = 0;
    for (const name of names) {
      const program = await rt.load(opts.module);
      try {
        await program.call(name, []);
        process.stdout.write(`PASS ${name}\n`);
      } catch (e) {
        failed++;
        process.stdout.write(`FAIL ${name}: ${e.message}\n`);
      } finally {
        await program.unload();
      }
    }
    process.stdout.write(`${names.length - failed} passed, ${failed} failed\n`);
    return failed === 0;
  } finally {
    await rt.close();
  }
}

async function main(argv) {
  const [command, ...args] = argv;
  if (command === 'run') {
    const opts = parseRun(args);
    const inputs = await Promise.all(opts.inputs.map(input));
    const rt = await Weft.create();
    try {
      const program = await rt.load(opts.module);
      process.stdout.write(`EXEC @${opts.function}\n`);
      const { results, trace } = await program.callText(opts.function, inputs);
      process.stdout.write(trace);
      process.stdout.write(results.map((r, i) => `result[${i}]: ${r}\n`).join(''));
    } finally {
      await rt.close();
    }
  } else if (command === 'test') {
    process.exitCode = (await runChecks(parseTest(args))) ? 0 : 1;
  } else if (command === 'compile') {
    const report = await compile(parseCompile(args));
    if (report) console.log(report.join('\n'));
  } else if (command === 'inspect') {
    if (args.length !== 1) throw new Error(USAGE);
    const rt = await Weft.create();
    try {
      process.stdout.write(await rt.inspect(args[0]));
    } finally {
      await rt.close();
    }
  } else {
    throw new Error(USAGE);
  }
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`Error: ${e.message}\n`);
  process.exitCode = 1;
});
