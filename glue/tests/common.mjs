// Helpers for the glue's Node tests: repository paths, the programs' header directives
// (tests/build/programs.json, written by tests/scripts/directives.py), the reference runtime's
// recorded results (tests/build/<suite>/*.oracle.json, written by tests/scripts/oracle.py), and
// comparisons with the tolerance a program declares (`// ULP: N`, default bit-exact).

import { readFileSync, readdirSync, existsSync, statSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const HINT = 'run `bash tests/run-all.sh` (or tests/scripts/build-fixtures.sh, oracle.py and glue/build.sh)';

export function requireFile(p) {
  if (!existsSync(p)) throw new Error(`${path.relative(root, p)} is missing: ${HINT}`);
  return p;
}

requireFile(path.join(root, 'glue/pkg/weft_runtime_bg.wasm'));

/** The environment `weft compile` runs in: the IREE compiler of the repository's .venv on PATH, as a user has it. */
export const compilerEnv = { ...process.env, PATH: `${path.join(root, '.venv/bin')}${path.delimiter}${process.env.PATH}` };

/**
 * The directives of every program of `suite` (tests/programs/<suite>/*.mlir), from the manifest
 * tests/scripts/directives.py writes; a manifest that misses a program or is older than one is stale.
 */
export function programDirectives(suite) {
  const manifest = requireFile(path.join(root, 'tests/build/programs.json'));
  const programs = JSON.parse(readFileSync(manifest, 'utf8')).programs.filter((p) => p.suite === suite);
  const dir = path.join(root, 'tests/programs', suite);
  const sources = readdirSync(dir).filter((f) => f.endsWith('.mlir')).sort();
  const listed = programs.map((p) => `${p.name}.mlir`);
  if (sources.join() !== listed.join()) throw new Error(`tests/build/programs.json does not list the programs of ${suite}: ${HINT}`);
  const time = statSync(manifest).mtimeMs;
  for (const f of sources) {
    if (statSync(path.join(dir, f)).mtimeMs > time) throw new Error(`tests/build/programs.json is older than ${suite}/${f}: ${HINT}`);
  }
  return programs;
}

// Integers beyond 2^53 (i64 results) must not pass through doubles: quote them first.
function parseExact(text) {
  return JSON.parse(text.replace(/([:\[,]\s*)(-?\d{16,})(?=\s*[,\]}])/g, '$1"$2"'));
}

/**
 * Every program of a suite built for `target` with its oracle and its ULP tolerance (the
 * oracle's calls are the same for every build of a program).
 */
export function oraclePrograms(suite, target = 'vmvx') {
  const dir = path.join(root, 'tests/build', suite);
  requireFile(dir);
  const directives = new Map(programDirectives(suite).map((p) => [p.name, p]));
  const out = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.oracle.json')).sort()) {
    const name = f.replace(/\.oracle\.json$/, '');
    const program = directives.get(name);
    const module = path.join(dir, `${name}.${target}.vmfb`);
    if (!program || !existsSync(module)) continue; // stale output, or not built for target
    if (program.runs.length === 0) continue; // no recorded calls (oracle.py leaves it out too)
    const oracle = parseExact(readFileSync(path.join(dir, f), 'utf8'));
    if (statSync(path.join(dir, f)).mtimeMs < statSync(module).mtimeMs) throw new Error(`${f} is older than its module: ${HINT}`);
    // `// ERRORS: exact`: a failing call's message must contain the reference's text too.
    const exactErrors = program.errors_exact;
    // `// REFERENCE-DEFECT: <function> result <n>: <why>`: results the reference gets wrong.
    const defects = program.reference_defects.map((d) => `${d.function}#${d.result}`);
    out.push({ name, module, oracle, ulp: program.ulp, exactErrors, defects, loadError: oracle.load_error ?? null });
  }
  if (out.length === 0) throw new Error(`no oracles in tests/build/${suite}: ${HINT}`);
  return out;
}

/** A recorded --input text as the typed API's argument for calling-convention type `t`. */
export function typedArg(text, t) {
  const raw = text.includes('=') ? text.split('=')[1] : text;
  if (t === 'I') return BigInt(raw);
  if (raw === 'nan') return NaN;
  if (raw === 'inf' || raw === '+inf') return Infinity;
  if (raw === '-inf') return -Infinity;
  return t === 'f' ? f32FromDecimal(raw) : Number(raw);
}

/**
 * The f32 nearest to a decimal (as strtof gives it), as a JS number. Math.fround(Number(raw))
 * rounds twice and is off when the double lands exactly halfway between two f32s; then the
 * decimal itself, compared exactly with that midpoint, picks the side.
 */
export function f32FromDecimal(raw) {
  const d = Number(raw);
  const f = Math.fround(d);
  if (!Number.isFinite(f) || f === d) return f;
  const [lo, hi] = f < d ? [f, nextF32(f, 1)] : [nextF32(f, -1), f];
  if (d - lo !== hi - d) return f; // not a midpoint: a single rounding
  const cmp = compareDecimal(raw, d); // sign of raw - d, exactly
  return cmp > 0 ? hi : cmp < 0 ? lo : f; // a true tie: fround already rounded to even
}

// The f32 after (step 1) or before (step -1) the finite f32 `f`.
function nextF32(f, step) {
  const v = new DataView(new ArrayBuffer(4));
  v.setFloat32(0, f);
  if (f === 0) return step * 2 ** -149;
  v.setInt32(0, v.getInt32(0) + ((f > 0) === (step > 0) ? 1 : -1));
  return v.getFloat32(0);
}

// Sign of (decimal text - double d), computed exactly with bigints.
function compareDecimal(raw, d) {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(raw.trim());
  if (!m) throw new Error(`not a decimal: ${raw}`);
  const sign = m[1] === '-' ? -1n : 1n;
  const digits = BigInt((m[2] || '0') + (m[3] || '')) * sign;
  const exp10 = BigInt(m[4] || 0) - BigInt((m[3] || '').length); // raw = digits * 10^exp10
  // d = mant * 2^exp2 exactly.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const bits = view.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  mant = e === 0 ? mant : mant | (1n << 52n);
  const exp2 = BigInt((e === 0 ? 1 : e) - 1075);
  const dm = bits >> 63n ? -mant : mant;
  // Compare digits * 10^exp10 with dm * 2^exp2 by scaling both to integers.
  let left = digits, right = dm;
  if (exp10 >= 0n) left *= 10n ** exp10; else right *= 10n ** -exp10;
  if (exp2 >= 0n) right *= 2n ** exp2; else left *= 2n ** -exp2;
  return left > right ? 1 : left < right ? -1 : 0;
}

export function argTypes(cconv) {
  return [...cconv.slice(1, cconv.indexOf('_'))].filter((c) => c !== 'v');
}
export function resultTypes(cconv) {
  return [...cconv.slice(cconv.indexOf('_') + 1)].filter((c) => c !== 'v');
}

/**
 * A recorded scalar result as the seed sample's ireeCallFunction printed it (C's %f for f32/f64;
 * JS toFixed(6) is %f for |x| < 1e21), or null where the record cannot say (NaN's sign, huge).
 */
export function seedText(value, t) {
  if (t === 'i') return `i32=${value}`;
  if (t === 'I') return `i64=${value}`;
  const x = value === 'nan' ? NaN : value === 'inf' ? Infinity : value === '-inf' ? -Infinity : Number(value);
  const tag = t === 'f' ? 'f32' : 'f64';
  if (Number.isNaN(x)) return null; // sign of NaN is not recorded
  if (!Number.isFinite(x)) return `${tag}=${x > 0 ? 'inf' : '-inf'}`;
  if (Math.abs(x) >= 1e21) return null;
  // toFixed drops the sign of -0; %f keeps it.
  return `${tag}=${Object.is(x, -0) ? '-0.000000' : (t === 'f' ? Math.fround(x) : x).toFixed(6)}`;
}

const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);
function key32(x) { f32[0] = x; const b = u32[0]; return b & 0x80000000 ? 0x7fffffff - (b & 0x7fffffff) : b + 0x80000000; }
function key64(x) { f64[0] = x; const b = u64[0]; const s = 1n << 63n; return b & s ? (s - 1n) - (b & (s - 1n)) : b | s; }

function expectedFloat(w) {
  if (w === 'nan') return NaN;
  if (w === 'inf') return Infinity;
  if (w === '-inf') return -Infinity;
  return Number(w);
}

/** Why `got` (typed API value, type char t) differs from the recorded `want`, or null. */
export function mismatch(got, want, t, ulp) {
  switch (t) {
    case 'i': return got === Number(want) ? null : `got i32 ${got}, reference ${want}`;
    case 'I': return got === BigInt(want) ? null : `got i64 ${got}, reference ${want}`;
    case 'f': {
      const w = Math.fround(expectedFloat(want));
      if (Number.isNaN(got) && Number.isNaN(w)) return null;
      if (got !== Math.fround(got)) return `got ${got}, which is not an f32`;
      return Math.abs(key32(got) - key32(w)) <= ulp ? null : `got f32 ${got}, reference ${w}`;
    }
    case 'F': {
      const w = expectedFloat(want);
      if (Number.isNaN(got) && Number.isNaN(w)) return null;
      const d = key64(got) - key64(w);
      return (d < 0n ? -d : d) <= BigInt(ulp) ? null : `got f64 ${got}, reference ${w}`;
    }
    default: return `unexpected result type ${t}`;
  }
}

// f16 and bf16 tensors cross the API as raw 16-bit patterns (JS has no 16-bit float array in
// Node 20); the tests convert with round-to-nearest-even like the reference's text parser.
const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

function bf16Bits(x) {
  scratchF32[0] = x;
  const b = scratchU32[0];
  if (Number.isNaN(x)) return (b >>> 16) | 0x40;
  return ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16) & 0xffff;
}

function f16Bits(x) {
  scratchF32[0] = x;
  const b = scratchU32[0];
  const sign = (b >>> 16) & 0x8000;
  const exp = (b >>> 23) & 0xff;
  let mant = b & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let v = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && (v & 1))) v++;
    return sign | v;
  }
  let v = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (v & 1))) v++;
  return sign | v;
}

function f16Value(h) {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

function bf16Value(h) {
  scratchU32[0] = h << 16;
  return scratchF32[0];
}

const NARROW = { f16: [f16Bits, f16Value], bf16: [bf16Bits, bf16Value] };

/** An iree-run-module tensor input (`2x2xf32=1 2 3 4`, `0xf32`, `4xf32=1` splat) as a Tensor. */
export function textToTensor(text, TYPED_ARRAYS) {
  const m = /^((?:\d+x)*)([a-z]+\d+)(?:=(.*))?$/s.exec(text.trim());
  if (!m) throw new Error(`not a tensor input: ${text}`);
  const shape = m[1].split('x').filter(Boolean).map(Number);
  const dtype = m[2];
  const count = shape.reduce((a, b) => a * b, 1);
  const tokens = (m[3] ?? '').replace(/[\[\]]/g, ' ').trim().split(/\s+/).filter(Boolean);
  const T = TYPED_ARRAYS[dtype];
  const big = T === BigInt64Array || T === BigUint64Array;
  const number = (t) => (t === 'nan' ? NaN : t === 'inf' ? Infinity : t === '-inf' ? -Infinity : Number(t));
  const value = (t) => (big ? BigInt(t) : NARROW[dtype] ? NARROW[dtype][0](number(t)) : number(t));
  const values = tokens.length === 1 && count > 1 ? Array(count).fill(tokens[0]) : tokens;
  if (values.length !== count) throw new Error(`${text}: ${values.length} values for ${count} elements`);
  return { dtype, shape, data: T.from(values, value) };
}

/** Why a result tensor differs from a recorded {shape, dtype, data}, or null. */
export function tensorMismatch(got, want, ulp) {
  if (!got || typeof got !== 'object' || !('data' in got)) return `got ${got}, reference a ${want.dtype} tensor`;
  if (got.dtype !== want.dtype) return `dtype ${got.dtype}, reference ${want.dtype}`;
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape)) return `shape ${got.shape}, reference ${want.shape}`;
  const flat = want.data.flat(Infinity);
  if (got.data.length !== flat.length) return `${got.data.length} elements, reference ${flat.length}`;
  const t = { f32: 'f', f64: 'F', i64: 'I', si64: 'I', ui64: 'I' }[want.dtype] ?? 'n';
  const narrow = NARROW[want.dtype];
  for (let i = 0; i < flat.length; i++) {
    const g = narrow ? narrow[1](got.data[i]) : got.data[i], w = flat[i];
    const wn = w === 'inf' ? Infinity : w === '-inf' ? -Infinity : w === 'nan' ? NaN : Number(w);
    const same = g === wn || (Number.isNaN(g) && Number.isNaN(wn));
    const m = t === 'n' ? (same ? null : `got ${g}, reference ${w}`) : mismatch(typeof g === 'bigint' ? g : g, w, t === 'I' ? 'I' : t, ulp);
    if (m) return `element ${i}: ${m}`;
  }
  return null;
}

// Deterministic values in [lo, hi) (xorshift32), as linker/tests/all/common.rs generates them.
export function values(n, seed, lo, hi) {
  let s = (Math.imul(seed, 2654435761) + 12345) >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = lo + (hi - lo) * ((s >>> 8) / (1 << 24));
  }
  return out;
}

/** Raw output of `fn` of tests/build/linker/<program>.<target>.vmfb run by iree-run-module on `inputs` ({shape, dtype, bytes}). */
export function reference(program, target, fn, inputs) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'weft-ref-'));
  const venv = path.join(root, '.venv/bin');
  const out = path.join(scratch, `${program}.out.bin`);
  const args = [`--module=${requireFile(path.join(root, `tests/build/linker/${program}.${target}.vmfb`))}`, '--device=local-sync', `--function=${fn}`];
  inputs.forEach((inp, i) => {
    const f = path.join(scratch, `${program}.in${i}.bin`);
    writeFileSync(f, inp.bytes);
    args.push(`--input=${inp.shape}x${inp.dtype}=@${f}`);
  });
  execFileSync(path.join(venv, 'iree-run-module'), [...args, `--output=@${out}`]);
  return new Uint8Array(readFileSync(out));
}


/** Why a rejected call disagrees with the reference's recorded error, or null. */
export function errorMismatch(error, reference, exactErrors) {
  if (!(error instanceof Error) || !error.message) return 'rejected without an Error message';
  // The reference dies of a signal where C is undefined (division by zero); Weft traps.
  if (reference.startsWith('signal ')) return null;
  const m = /^([A-Z_]+); ([\s\S]*)$/.exec(reference);
  if (!m) return error.message.includes(reference.trim()) ? null : `message '${error.message}'`;
  const code = /^([A-Z_]+); /.exec(error.message)?.[1];
  if (code && code !== m[1]) return `status ${code}, reference ${m[1]}`;
  if (exactErrors && !error.message.includes(m[2].trim().split('\n')[0])) return `message '${error.message}', reference '${m[2]}'`;
  return null;
}

/** Printed output equal up to the sign of NaNs (C libraries choose it per function). */
export function samePrinted(a, b) {
  return a === b || a.replaceAll('-nan', 'nan') === b.replaceAll('-nan', 'nan');
}

/**
 * Runs every recorded call of `programs` through runtime `rt` (typed API: tensors for ref
 * arguments, numbers/bigints for scalars), one load per recorded run (with `loadOptions(run)`,
 * e.g. the run's parameter files). Returns the mismatches.
 */
export async function runOracle(rt, programs, loadOptions = () => ({})) {
  const { TYPED_ARRAYS } = await import('../js/values.mjs');
  const failures = [];
  let calls = 0;
  for (const p of programs) {
    if (p.loadError) {
      // `// EXPECT: load-error`: the reference refuses to load it, and so must Weft.
      calls++;
      try {
        await (await rt.load(p.module)).unload();
        failures.push(`${p.name}: the reference refused to load it (${p.loadError}) but Weft loaded it`);
      } catch (e) {
        if (!(e instanceof Error) || !e.message) failures.push(`${p.name}: load rejected without an Error message`);
      }
      continue;
    }
    for (const [r, run] of p.oracle.runs.entries()) {
      const program = await rt.load(p.module, loadOptions(run));
      for (const call of run.calls) {
        calls++;
        const what = `${p.name} run ${r} ${call.function}(${call.inputs.join(', ')})`;
        const types = argTypes(call.cconv);
        const args = call.inputs.map((text, i) => (types[i] === 'r' ? textToTensor(text, TYPED_ARRAYS) : typedArg(text, types[i])));
        let results, error;
        try {
          results = await program.call(call.function, args);
        } catch (e) {
          error = e;
        }
        if (call.error !== null) {
          if (!error) failures.push(`${what}: reference failed (${call.error}), Weft returned ${results}`);
          else {
            const m = errorMismatch(error, call.error, p.exactErrors);
            if (m) failures.push(`${what}: ${m}`);
          }
          continue;
        }
        if (error) { failures.push(`${what}: Weft failed: ${error.message}`); continue; }
        const rtypes = resultTypes(call.cconv);
        if (results.length !== call.results.length) { failures.push(`${what}: ${results.length} results, reference ${call.results.length}`); continue; }
        results.forEach((got, i) => {
          if (p.defects.includes(`${call.function}#${i}`)) return;
          const want = call.results[i];
          const m = rtypes[i] === 'r' ? tensorMismatch(got, want, p.ulp) : mismatch(got, want, rtypes[i], p.ulp);
          if (m) failures.push(`${what} result ${i}: ${m}`);
        });
      }
      await program.unload();
    }
  }
  return { failures, calls };
}

/**
 * Sets apart, from the call `failures` of program `name`, those of `functions`: calls known to
 * differ (`// <directive>: <function>: <why>` lines). Returns {rest, known (one line per
 * function), stale (functions that no longer differ: the directive must go)}.
 */
export function knownDifferences(name, failures, functions, directive) {
  let rest = failures;
  const known = [];
  const stale = [];
  for (const fn of functions) {
    const mine = rest.filter((m) => m.includes(` ${fn}(`));
    rest = rest.filter((m) => !m.includes(` ${fn}(`));
    if (mine.length === 0) stale.push(`${name}: ${fn} now matches the reference; remove its ${directive} line`);
    else known.push(`${name}.${fn}: ${mine[0].split('\n')[0]}`);
  }
  return { rest, known, stale };
}

/** A recorded run's parameter files as the `parameters` option (paths, several per scope as recorded). */
export function parametersOf(run) {
  const out = {};
  for (const p of run.parameters ?? []) (out[p.scope] ??= []).push(path.join(root, p.file));
  return out;
}

/** Why `weft run`'s outcome `got` ({code, stdout, stderr}) differs from the recorded call's, or null. */
export function cliMismatch(p, call, got) {
  const ref = call.iree_run_module;
  if (ref.exit_code === 0) {
    if (got.code !== 0) return `exit ${got.code}: ${got.stderr}`;
    const defect = p.defects.some((d) => d.startsWith(`${call.function}#`)); // printed value is the reference's defect
    if (p.ulp === 0 && !defect && !samePrinted(got.stdout, ref.stdout)) return `printed:\n${got.stdout}reference:\n${ref.stdout}`;
    if (got.stdout.split('\n').length !== ref.stdout.split('\n').length) return 'line count differs';
    return null;
  }
  if (got.code === 0) return `reference exit ${ref.exit_code}, Weft succeeded`;
  if (!/^Error: .+/.test(got.stderr)) return 'no error message on stderr';
  // What the reference printed before failing (EXEC, for a call that traps), unless it
  // failed before the call.
  if (ref.stdout && !samePrinted(got.stdout, ref.stdout)) return `stdout ${JSON.stringify(got.stdout)}, reference ${JSON.stringify(ref.stdout)}`;
  return null;
}
