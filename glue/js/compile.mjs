// `weft compile`: compiles an MLIR or ONNX model into a `.vmfb` Weft runs in the browser, with
// the web target flags and the linker wrapper that lets kernels calling libm or Weft's kernels
// link (from tests/scripts/build-fixtures.sh: one list for the tests and for users), the flags
// that make models faster on the web (SPEED_FLAGS), and Weft's transform spec
// (glue/kernels/spec.mlir), which routes the ops it matches to Weft's own kernels
// (glue/kernels), bound when the program loads. `--no-kernels` leaves every op to the
// compiler, `--report` prints what went where.
//
//   npx weft compile model.mlir -o model.vmfb [--report] [--no-kernels]
//   npx weft compile model.onnx -o model.vmfb     (imported with iree-import-onnx first)
//   npx weft compile model.onnx -o model.vmfb --relaxed-simd

import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelReport } from './kernel-report.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Weft's transform spec: the patterns routed to Weft's kernels. */
export const KERNEL_SPEC = path.join(root, 'glue/kernels/spec.mlir');

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

/**
 * Compiler flags for speed, measured on the bench models (tests/bench/README.md):
 * convolutions as im2col + matmul run MobileNetV2 1.5x and ResNet-18 2-4x faster, outputs
 * within 3.4e-6 of ONNX Runtime. Data tiling, --iree-opt-level=O3 and reassociated float
 * reductions changed nothing measurable on the MLP, MiniLM or MobileNetV2.
 */
export const SPEED_FLAGS = ['--iree-global-opt-use-im2col-for-convs'];

/**
 * `--relaxed-simd`: kernels may use relaxed SIMD (fused multiply-add, relaxed lane ops), about
 * 25% faster on MobileNetV2. Such a program only loads where the engine has relaxed SIMD
 * (Chromium 114+, Node 22+ or Node 20 with --experimental-wasm-relaxed-simd), so it is opt-in.
 */
const RELAXED_SIMD = '+relaxed-simd';

const USAGE = 'weft compile MODEL.mlir|MODEL.onnx -o OUT.vmfb [--relaxed-simd] [--report] [--no-kernels] [--iree-...]';

export function parseCompile(args) {
  const opts = { extra: [], relaxedSimd: false, kernels: true, report: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--relaxed-simd') opts.relaxedSimd = true;
    else if (a === '-o') opts.output = args[++i];
    else if (a.startsWith('-o=')) opts.output = a.slice(3);
    else if (a === '--no-kernels') opts.kernels = false;
    else if (a === '--report') opts.report = true;
    else if (a.startsWith('--iree-')) opts.extra.push(a);
    else if (!a.startsWith('-') && !opts.input) opts.input = a;
    else throw new Error(`weft compile: unexpected argument '${a}' (usage: ${USAGE})`);
  }
  if (!opts.input || !opts.output) throw new Error(`weft compile: usage: ${USAGE}`);
  if (!/\.(mlir|mlirbc|onnx)$/.test(opts.input)) throw new Error(`weft compile: ${opts.input}: expected an .mlir, .mlirbc or .onnx file`);
  return opts;
}

/** The iree-compile flags `weft compile` uses (before the user's own `--iree-...` flags). */
export async function compileFlags({ relaxedSimd = false, kernels = true } = {}) {
  const target = (await exec('bash', [path.join(root, 'tests/scripts/build-fixtures.sh'), '--flags', 'wasm32'])).trim().split(/\s+/);
  const features = target.findIndex((f) => f.startsWith('--iree-llvmcpu-target-cpu-features='));
  if (relaxedSimd) target[features] += `,${RELAXED_SIMD}`;
  const spec = kernels ? [`--iree-preprocessing-transform-spec-filename=${KERNEL_SPEC}`] : [];
  return [...target, ...SPEED_FLAGS, ...spec];
}

/** Compiles; returns the report lines when `report` is set. */
export async function compile({ input, output, extra, relaxedSimd, kernels = true, report = false }) {
  await access(input).catch(() => { throw new Error(`weft compile: ${input} does not exist`); });
  const flags = await compileFlags({ relaxedSimd, kernels });
  let source = input;
  let scratch;
  try {
    if (input.endsWith('.onnx')) {
      scratch = await mkdtemp(path.join(tmpdir(), 'weft-compile-'));
      source = path.join(scratch, 'model.mlir');
      await exec(await tool('iree-import-onnx'), [input, '-o', source]);
    }
    await exec(await tool('iree-compile'), [...flags, ...extra, source, '-o', output]);
    if (!report) return null;
    scratch ??= await mkdtemp(path.join(tmpdir(), 'weft-compile-'));
    const pre = path.join(scratch, 'preprocessed.mlir');
    await exec(await tool('iree-compile'), [...flags, ...extra, '--compile-to=preprocessing',
      '--mlir-elide-elementsattrs-if-larger=16', '--mlir-elide-resource-strings-if-larger=16', source, '-o', pre]);
    return kernelReport(await readFile(pre, 'utf8'));
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
