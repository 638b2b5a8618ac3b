// `weft compile`: compiles an MLIR or ONNX model into a `.vmfb` Weft runs, with the web target
// (glue/target/target.mjs), the linker wrapper that lets kernels calling libm or Weft's kernels
// link (glue/target/wasm-ld-wrapper), the speed flags, and Weft's transform spec
// (glue/target/spec.mlir), which routes the ops it matches to Weft's own kernels
// (glue/kernels), bound when the program loads. `--no-kernels` leaves every op to the
// compiler, `--report` prints what went where.
//
// The IREE compiler (iree-base-compiler 3.13.0) is found, in this order, through
// $WEFT_IREE_COMPILE (the iree-compile to use), the iree-compile on PATH, or a Python
// environment that has the package ($WEFT_PYTHON, python3, python): the package's own
// `_mlir_libs/iree-compile` and `iree-lld`, and `python -m iree.compiler.tools.import_onnx` for
// ONNX models. An ONNX model's Reshapes with computed shapes are rewritten first
// (glue/target/onnx-reshapes.py, run by the same Python): the importer would pass a -1 on.

import { execFile } from 'node:child_process';
import { access, constants, mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { kernelReport } from './kernel-report.mjs';
import { IREE_COMPILER_VERSION, IREE_COMPILER_PACKAGE, SPEC_FLAG, SPEED_FLAGS, TARGET_DEVICES, webTargetFlags } from '../target/target.mjs';
import { WeftError } from './errors.mjs';

const targetDir = fileURLToPath(new URL('../target/', import.meta.url));
/** Weft's transform spec: the patterns routed to Weft's kernels. */
export const KERNEL_SPEC = path.join(targetDir, 'spec.mlir');
const LINKER_WRAPPER = path.join(targetDir, 'wasm-ld-wrapper');
// Rewrites an ONNX model's computed Reshape shapes so no -1 reaches the importer (see its header).
const ONNX_RESHAPES = path.join(targetDir, 'onnx-reshapes.py');

export const COMPILE_USAGE = `usage: weft compile MODEL.mlir|MODEL.mlirbc|MODEL.onnx -o OUT.vmfb [options] [--iree-...]

Compiles a model for Weft: IREE ${IREE_COMPILER_VERSION}'s compiler with Weft's web target
(wasm32 kernels with SIMD128) and Weft's own kernels for the ops its transform spec matches.
ONNX models are imported with iree-import-onnx first (needs the onnx Python package).

options:
  -o, --output FILE   where to write the .vmfb (required)
  --device=DEVICE     cpu (default), webgpu (the GPU, through WebGPU) or webgpu,cpu (one
                      file for both: the GPU where the page has an adapter, else the CPU);
                      Weft's kernels serve the CPU alone, so a GPU device leaves them out
  --relaxed-simd      let kernels use relaxed SIMD (~25% faster; Chromium 114+, Node 22+)
  --no-kernels        leave every op to the compiler's kernels
  --report            print which ops went to Weft's kernels and which stayed with the compiler
  --iree-...          passed to iree-compile as given

The compiler is found through $WEFT_IREE_COMPILE, the iree-compile on PATH, or a Python with
the package ($WEFT_PYTHON, python3, python). Install it with:
  pip install ${IREE_COMPILER_PACKAGE}`;

function exec(file, args, env) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { maxBuffer: 64 << 20, env: env && { ...process.env, ...env } }, (error, stdout, stderr) => {
      if (error) {
        const e = new WeftError('INVALID_PROGRAM', `${path.basename(file)} failed (${error.code ?? error.signal}):\n${stderr || stdout}`);
        e.syscallCode = typeof error.code === 'string' ? error.code : undefined;
        reject(e);
      } else resolve(stdout);
    });
  });
}

/** Parses `weft compile`'s arguments (everything after `compile`); null for --help. */
export function parseCompile(args) {
  const iree = args.filter((a) => a.startsWith('--iree-'));
  const { values, positionals } = parseArgs({
    args: args.filter((a) => !a.startsWith('--iree-')),
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      device: { type: 'string', default: 'cpu' },
      'relaxed-simd': { type: 'boolean', default: false },
      'no-kernels': { type: 'boolean', default: false },
      report: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  if (positionals.length !== 1 || !values.output) throw new WeftError('BAD_ARGUMENT', `weft compile: one model and -o OUT.vmfb are required\n${COMPILE_USAGE}`);
  const [input] = positionals;
  if (!/\.(mlir|mlirbc|onnx)$/.test(input)) throw new WeftError('BAD_ARGUMENT', `weft compile: ${input}: expected an .mlir, .mlirbc or .onnx file`);
  const { device } = values;
  if (!Object.hasOwn(TARGET_DEVICES, device)) throw new WeftError('BAD_ARGUMENT', `weft compile: --device=${device}: expected ${Object.keys(TARGET_DEVICES).join(', ')}`);
  return { input, output: values.output, extra: iree, device, relaxedSimd: values['relaxed-simd'], kernels: !values['no-kernels'] && device === 'cpu', report: values.report };
}

const missing = (what) => new WeftError('NOT_FOUND', `${what}\nWeft needs IREE's compiler ${IREE_COMPILER_VERSION}: pip install ${IREE_COMPILER_PACKAGE} (and onnx for .onnx models), then put its iree-compile on PATH or set WEFT_IREE_COMPILE (or WEFT_PYTHON to the Python that has it)`);

async function executable(file) {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, name));
}

// The Python interpreter of a pip console script (its `#!` line), or null for a binary.
async function scriptPython(file) {
  const head = (await readFile(file)).subarray(0, 256).toString('latin1');
  const m = /^#!\s*(\S*python[\d.]*)\s*$/m.exec(head.split('\n')[0]);
  return m ? m[1] : null;
}

// {compile, lld, importOnnx: [command, ...args]} from the iree.compiler package of `python`, or null.
async function fromPython(python) {
  let dir;
  try {
    dir = (await exec(python, ['-c', 'import iree.compiler, os; print(os.path.dirname(iree.compiler.__file__))'])).trim();
  } catch {
    return null;
  }
  const libs = path.join(dir, '_mlir_libs');
  if (!(await executable(path.join(libs, 'iree-compile')))) return null;
  return { compile: path.join(libs, 'iree-compile'), lld: path.join(libs, 'iree-lld'), importOnnx: [python, '-m', 'iree.compiler.tools.import_onnx'], python, where: python };
}

// An iree-compile given as a path: the package behind a pip script, or a binary with iree-lld beside it.
async function fromCompiler(file) {
  const real = await realpath(file);
  const python = await scriptPython(real);
  if (python) return fromPython(python);
  const dir = path.dirname(real);
  return { compile: real, lld: path.join(dir, 'iree-lld'), importOnnx: [path.join(dir, 'iree-import-onnx')], python: 'python3', where: real };
}

/** Finds the IREE compiler (see the header) and checks its version. */
export async function findCompiler(env = process.env) {
  let found = null;
  if (env.WEFT_IREE_COMPILE) {
    if (!(await executable(env.WEFT_IREE_COMPILE))) throw missing(`WEFT_IREE_COMPILE=${env.WEFT_IREE_COMPILE} is not an executable file.`);
    found = await fromCompiler(env.WEFT_IREE_COMPILE);
  }
  for (const candidate of found ? [] : onPath('iree-compile')) {
    if (await executable(candidate)) {
      found = await fromCompiler(candidate);
      break;
    }
  }
  for (const python of found ? [] : [env.WEFT_PYTHON, 'python3', 'python'].filter(Boolean)) {
    if ((found = await fromPython(python))) break;
  }
  if (!found) throw missing('iree-compile was not found (not in WEFT_IREE_COMPILE, not on PATH, and no python3/python has the iree-base-compiler package).');
  const version = await exec(found.compile, ['--version']).catch((e) => e.message);
  if (!version.includes(`version ${IREE_COMPILER_VERSION}`)) {
    throw missing(`${found.compile} is not IREE ${IREE_COMPILER_VERSION}; it says: ${version.trim().split('\n').join(' ')}.`);
  }
  return found;
}

/** The iree-compile flags `weft compile` uses (before the user's own `--iree-...` flags). */
export function compileFlags({ relaxedSimd = false, kernels = true, device = 'cpu' } = {}) {
  const spec = kernels ? [`${SPEC_FLAG}=${KERNEL_SPEC}`] : [];
  // The speed flags were measured on the CPU.
  const speed = device === 'webgpu' ? [] : SPEED_FLAGS;
  return [...webTargetFlags({ linker: LINKER_WRAPPER, relaxedSimd, device }), ...speed, ...spec];
}

/** Compiles; returns the report lines when `report` is set. */
export async function compile({ input, output, extra = [], device = 'cpu', relaxedSimd = false, kernels = true, report = false }) {
  await access(input).catch(() => { throw new WeftError('NOT_FOUND', `weft compile: ${input} does not exist`); });
  if (!(await executable(LINKER_WRAPPER))) throw new WeftError('UNSUPPORTED', `weft compile: ${LINKER_WRAPPER} is not executable (weft compile runs on Linux and macOS)`);
  const compiler = await findCompiler();
  const flags = compileFlags({ relaxedSimd, kernels, device });
  const env = { WEFT_IREE_LLD: compiler.lld }; // for the linker wrapper
  let source = input;
  let scratch;
  try {
    if (input.endsWith('.onnx')) {
      scratch = await mkdtemp(path.join(tmpdir(), 'weft-compile-'));
      source = path.join(scratch, 'model.mlir');
      const resolved = path.join(scratch, 'model.onnx');
      await exec(compiler.python, [ONNX_RESHAPES, input, resolved], env);
      const [command, ...args] = compiler.importOnnx;
      await exec(command, [...args, resolved, '-o', source], env);
    }
    await exec(compiler.compile, [...flags, ...extra, source, '-o', output], env);
    if (!report) return null;
    scratch ??= await mkdtemp(path.join(tmpdir(), 'weft-compile-'));
    const pre = path.join(scratch, 'preprocessed.mlir');
    await exec(compiler.compile, [...flags, ...extra, '--compile-to=preprocessing',
      '--mlir-elide-elementsattrs-if-larger=16', '--mlir-elide-resource-strings-if-larger=16', source, '-o', pre], env);
    return kernelReport(await readFile(pre, 'utf8'));
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
