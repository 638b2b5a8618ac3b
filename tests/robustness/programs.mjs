// The programs the mutation campaign mutates: real `.vmfb` files the 3.13.0 compiler made,
// each with a known-good call (the first recorded call of its oracle, written by
// tests/scripts/oracle.py) and a check of that call's results against the reference runtime's.
//
// A program id is `<suite>/<name>.<build>`: build `wasm32`/`vmvx` is
// tests/build/<suite>/<name>.<build>.vmfb as tests/scripts/build-fixtures.sh compiled it;
// build `weft` is the same source compiled by `weft compile` (Weft's kernel spec, so its side
// module imports Weft's kernels), made here when missing or older than its sources.

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compile, KERNEL_SPEC } from '../../glue/js/compile.mjs';
import { TYPED_ARRAYS } from '../../glue/js/values.mjs';
import { root, requireFile, compilerEnv, oraclePrograms, argTypes, resultTypes, textToTensor, typedArg, tensorMismatch, mismatch } from '../../glue/tests/common.mjs';

export const DEFAULT_PROGRAMS = [
  'samples/simple_abs.wasm32', // one dispatch
  'samples/fully_connected.wasm32', // matmul + bias + relu
  'samples/collatz.wasm32', // scalar loop: no side module, the bytecode only
  'robustness/matmul.wasm32', // several workgroups
  'robustness/linear.weft', // imports Weft's kernels
  'samples/fully_connected.vmvx', // a VMVX executable
];

async function built(suite, name, build) {
  const source = path.join(root, 'tests/programs', suite, `${name}.mlir`);
  if (build !== 'weft') return requireFile(path.join(root, 'tests/build', suite, `${name}.${build}.vmfb`));
  const out = path.join(root, 'tests/build', suite, `${name}.weft.vmfb`);
  const newest = Math.max(statSync(source).mtimeMs, statSync(KERNEL_SPEC).mtimeMs);
  if (!existsSync(out) || statSync(out).mtimeMs < newest) {
    process.env.PATH = compilerEnv.PATH; // `weft compile` finds iree-compile on PATH: the repository's .venv, as in the tests
    await compile({ input: source, output: out, extra: [] });
  }
  return out;
}

/**
 * Loads program `id`: {id, file, bytes, function, inputs (the recorded `--input` texts), args(),
 * check(results) -> mismatch or null}.
 * `args()` makes fresh arguments for each call (a worker may take their buffers).
 */
export async function program(id) {
  const m = /^([\w-]+)\/(\w+)\.(wasm32|vmvx|weft)$/.exec(id);
  if (!m) throw new Error(`program '${id}': expected <suite>/<name>.<wasm32|vmvx|weft>, e.g. ${DEFAULT_PROGRAMS[0]}`);
  const [, suite, name, build] = m;
  const file = await built(suite, name, build);
  const recorded = oraclePrograms(suite).find((p) => p.name === name);
  if (!recorded) throw new Error(`program '${id}': tests/build/${suite}/${name}.oracle.json has no recorded calls`);
  const call = recorded.oracle.runs[0].calls[0];
  if (call.error !== null) throw new Error(`program '${id}': the reference's first call fails (${call.error}); the campaign needs a good call`);
  const types = argTypes(call.cconv);
  const rtypes = resultTypes(call.cconv);
  return {
    id,
    file,
    bytes: new Uint8Array(readFileSync(file)),
    function: call.function,
    inputs: call.inputs,
    args: () => call.inputs.map((text, i) => (types[i] === 'r' ? textToTensor(text, TYPED_ARRAYS) : typedArg(text, types[i]))),
    check(results) {
      if (results.length !== call.results.length) return `${results.length} results, the reference has ${call.results.length}`;
      for (const [i, got] of results.entries()) {
        const want = call.results[i];
        const why = rtypes[i] === 'r' ? tensorMismatch(got, want, recorded.ulp) : mismatch(got, want, rtypes[i], recorded.ulp);
        if (why) return `result ${i}: ${why}`;
      }
      return null;
    },
  };
}
