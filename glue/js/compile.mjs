// `weft compile`: compiles an MLIR or ONNX model into a `.vmfb` Weft runs in the browser, with
// the web target flags and the linker wrapper that lets kernels calling libm link. The flags
// come from tests/scripts/build-fixtures.sh (one list for the tests and for users).
//
//   npx weft compile model.mlir -o model.vmfb
//   npx weft compile model.onnx -o model.vmfb     (imported with iree-import-onnx first)

import { execFile } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function exec(file, args) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(file)} failed (${error.code ?? error.signal}):\n${stderr || stdout}`));
      else resolve(stdout);
    });
  });
}

/** An IREE tool from the project's .venv (tests/scripts/setup-python.sh makes it). */
async function tool(name) {
  const file = path.join(root, '.venv', 'bin', name);
  try {
    await access(file);
  } catch {
    throw new Error(`${name} not found at ${file}: run \`bash tests/scripts/setup-python.sh\` first (installs iree-base-compiler 3.13.0)`);
  }
  return file;
}

export function parseCompile(args) {
  const opts = { extra: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-o') opts.output = args[++i];
    else if (a.startsWith('-o=')) opts.output = a.slice(3);
    else if (a.startsWith('--iree-')) opts.extra.push(a);
    else if (!a.startsWith('-') && !opts.input) opts.input = a;
    else throw new Error(`weft compile: unexpected argument '${a}' (usage: weft compile MODEL.mlir|MODEL.onnx -o OUT.vmfb [--iree-...])`);
  }
  if (!opts.input || !opts.output) throw new Error('weft compile: usage: weft compile MODEL.mlir|MODEL.onnx -o OUT.vmfb [--iree-...]');
  if (!/\.(mlir|mlirbc|onnx)$/.test(opts.input)) throw new Error(`weft compile: ${opts.input}: expected an .mlir, .mlirbc or .onnx file`);
  return opts;
}

export async function compile({ input, output, extra }) {
  await access(input).catch(() => { throw new Error(`weft compile: ${input} does not exist`); });
  const flags = (await exec('bash', [path.join(root, 'tests/scripts/build-fixtures.sh'), '--flags', 'wasm32'])).trim().split(/\s+/);
  let source = input;
  let scratch;
  try {
    if (input.endsWith('.onnx')) {
      scratch = await mkdtemp(path.join(tmpdir(), 'weft-compile-'));
      source = path.join(scratch, 'model.mlir');
      await exec(await tool('iree-import-onnx'), [input, '-o', source]);
    }
    await exec(await tool('iree-compile'), [...flags, ...extra, source, '-o', output]);
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
