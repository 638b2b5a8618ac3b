#!/usr/bin/env node
// `weft` command line (Node): run a program function as iree-run-module does, describe a
// program, compile a model, run a program's self-checks.
//
//   weft run --module=M.vmfb --function=F [--input=VALUE | --input=@x.npy ...] [--parameters=[scope=]FILE ...] [--device=local-sync]
//   weft inspect M.vmfb
//   weft compile model.mlir|model.onnx -o model.vmfb   (see compile.mjs)
//   weft test --module=M.vmfb [--function=F] [--parameters=[scope=]FILE ...]   (PASS/FAIL per self-checking function)
//
// `run` prints what iree-run-module prints (`EXEC @F`, then `result[i]: ...`); errors go to
// stderr with exit code 1; usage errors exit with 2.

import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { Weft } from './weft.node.mjs';
import { WeftError } from './errors.mjs';
import { compile, parseCompile, COMPILE_USAGE } from './compile.mjs';
import { IREE_COMPILER_VERSION } from '../target/target.mjs';

const USAGE = `usage: weft <command> [options]

commands:
  run --module=FILE.vmfb --function=NAME [--input=VALUE ...] [--parameters=[SCOPE=]FILE ...] [--device=local-sync|local-task|webgpu]
      calls one function and prints its results as iree-run-module does; an input is
      iree-run-module's --input text (4xf32=1 2 3 4, 7) or @FILE.npy; --parameters gives a
      parameter file (.irpa, .safetensors, .gguf) for SCOPE (none: the unnamed scope);
      --device=webgpu runs a program compiled for vulkan on the GPU, local-* on the CPU
      (default: the GPU where the program and the machine have one)
  inspect FILE.vmfb
      describes a program: module, functions and signatures, executables, the parameters it reads
  compile MODEL.mlir|MODEL.onnx -o OUT.vmfb [--relaxed-simd] [--no-kernels] [--report] [--iree-...]
      compiles a model for Weft (weft compile --help says more)
  test --module=FILE.vmfb [--function=NAME] [--parameters=[SCOPE=]FILE ...] [--device=...]
      runs each self-checking function (no arguments, no results) in a fresh copy of the program

  --help, -h      this text
  --version, -v   Weft's version and the IREE release whose programs it runs`;

const usageError = (message) => Object.assign(new WeftError('BAD_ARGUMENT', `${message}\n\n${USAGE}`), { usage: true });

/**
 * @param {string[]} args
 * @param {import('node:util').ParseArgsConfig['options']} options
 * @returns {{values: Record<string, any>, positionals: string[]}}
 */
function parse(args, options) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw usageError(e.message);
  }
}

async function version() {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
  return `${pkg.name} ${pkg.version} (runs programs of IREE ${IREE_COMPILER_VERSION})`;
}

// `@file.npy` inputs are read here; other `@` forms are not supported.
async function input(text) {
  if (!text.startsWith('@')) return text;
  const file = text.slice(1);
  if (!file.endsWith('.npy')) throw usageError(`--input=${text}: only .npy files can be given with @ (raw files need a type; not supported yet)`);
  return { npy: new Uint8Array(await readFile(file)) };
}

/** `--parameters=[scope=]FILE` flags as the load's `parameters` option; iree-run-module splits at the first `=`. */
/** @param {string[]} flags @returns {Record<string, string[]> | undefined} */
function parameterFiles(flags) {
  if (flags.length === 0) return undefined;
  /** @type {Record<string, string[]>} */
  const parameters = {};
  for (const flag of flags) {
    const at = flag.indexOf('=');
    const [scope, file] = at < 0 ? ['', flag] : [flag.slice(0, at), flag.slice(at + 1)];
    if (!file) throw usageError(`--parameters=${flag}: no file given`);
    (parameters[scope] ??= []).push(file);
  }
  return parameters;
}

/** @type {import('node:util').ParseArgsConfig['options'][string]} */
const PARAMETERS = { type: 'string', multiple: true, default: [] };

/**
 * iree-run-module's `--device` as the load's `device` option: `webgpu`, or a local device (the
 * CPU: the thread pool serves both local-sync and local-task); none: 'auto'.
 */
function loadDevice(command, flag) {
  if (flag === undefined) return 'auto';
  if (flag === 'webgpu') return 'webgpu';
  if (/^local-(sync|task)$/.test(flag)) return 'cpu';
  throw usageError(`${command}: --device=${flag}: Weft runs on webgpu, local-sync or local-task`);
}

async function run(args) {
  const { values, positionals } = parse(args, {
    module: { type: 'string' },
    function: { type: 'string' },
    input: { type: 'string', multiple: true, default: [] },
    parameters: PARAMETERS,
    device: { type: 'string' },
  });
  if (positionals.length) throw usageError(`weft run: unexpected argument '${positionals[0]}'`);
  if (!values.module || !values.function) throw usageError('weft run: --module and --function are required');
  const device = loadDevice('weft run', values.device);
  const inputs = await Promise.all(values.input.map(input));
  const parameters = parameterFiles(values.parameters);
  const rt = await Weft.create();
  try {
    const program = await rt.load(values.module, { parameters, device });
    process.stdout.write(`EXEC @${values.function}\n`);
    const { results, trace } = await program.callText(values.function, inputs);
    process.stdout.write(trace);
    process.stdout.write(results.map((r, i) => `result[${i}]: ${r}\n`).join(''));
  } finally {
    await rt.close();
  }
}

async function inspect(args) {
  const { positionals } = parse(args, {});
  if (positionals.length !== 1) throw usageError('weft inspect: give one .vmfb file');
  const rt = await Weft.create();
  try {
    process.stdout.write(await rt.inspect(positionals[0]));
  } finally {
    await rt.close();
  }
}

// Runs every self-checking function (FunctionInfo.test; or only `--function`), each in a
// freshly loaded copy of the program so one test's state cannot leak into the next, with the
// `check` module's expectations enforced. Prints PASS/FAIL per function and a total.
async function test(args) {
  const { values, positionals } = parse(args, { module: { type: 'string' }, function: { type: 'string' }, parameters: PARAMETERS, device: { type: 'string' } });
  if (positionals.length || !values.module) throw usageError('weft test: --module is required');
  const device = loadDevice('weft test', values.device);
  const parameters = parameterFiles(values.parameters);
  const rt = await Weft.create();
  try {
    const probe = await rt.load(values.module, { parameters, device });
    let names = probe.functions.filter((f) => f.test).map((f) => f.name);
    await probe.unload();
    if (values.function) {
      if (!names.includes(values.function)) throw new WeftError('NOT_FOUND', `weft test: '${values.function}' is not an exported function without arguments and results`);
      names = [values.function];
    }
    if (names.length === 0) throw new WeftError('NOT_FOUND', `weft test: ${values.module} exports no function without arguments and results`);
    let failed = 0;
    for (const name of names) {
      const program = await rt.load(values.module, { parameters, device });
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
  switch (command) {
    case undefined:
      throw usageError('weft: which command?');
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case '--version':
    case '-v':
      process.stdout.write(`${await version()}\n`);
      return 0;
    case 'run':
      await run(args);
      return 0;
    case 'inspect':
      await inspect(args);
      return 0;
    case 'test':
      return (await test(args)) ? 0 : 1;
    case 'compile': {
      let opts;
      try {
        opts = parseCompile(args);
      } catch (e) {
        throw Object.assign(e, { usage: true });
      }
      if (!opts) {
        process.stdout.write(`${COMPILE_USAGE}\n`);
        return 0;
      }
      const report = await compile(opts);
      if (report) process.stdout.write(`${report.join('\n')}\n`);
      return 0;
    }
    default:
      throw usageError(`unknown command '${command}'`);
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e) => {
    process.stderr.write(`Error: ${e.message}\n`);
    process.exitCode = e.usage ? 2 : 1;
  },
);
