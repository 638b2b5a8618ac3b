// Seeded mutations of a `.vmfb`. Mutant `index` of campaign seed `seed` depends on nothing
// else, so any mutant can be made again from (seed, index) alone.
//
// A mutation picks a target region (anywhere in the file, the FlatBuffer, an embedded
// executable, or one section of an embedded wasm side module — biased towards the sections
// the linker and loader interpret) and applies one kind of change inside it.

import { layout } from './layout.mjs';

/** mulberry32: a small, fast, seedable generator; returns floats in [0, 1). */
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The generator of mutant `index` of campaign `seed`. */
function mutantRng(seed, index) {
  return rng(Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b));
}

function pick(random, weighted) {
  const total = weighted.reduce((s, [w]) => s + w, 0);
  let r = random() * total;
  for (const [w, v] of weighted) if ((r -= w) < 0) return v;
  return weighted[weighted.length - 1][1];
}

const int = (random, lo, hi) => lo + Math.floor(random() * (hi - lo)); // [lo, hi)

// Sections of a side module by how much the loader depends on them.
const SECTION_WEIGHTS = { data: 25, 'dylink.0': 15, code: 20, element: 10, type: 10, export: 8, import: 7, function: 5 };

/** Candidate regions of `bytes` with weights: [[weight, {what, start, end}]]. */
function targets(bytes) {
  const { flatbuffer, executables } = layout(bytes);
  const out = [[15, { what: 'file', start: 0, end: bytes.length }]];
  if (flatbuffer) out.push([executables.length ? 20 : 85, { what: 'FlatBuffer', start: flatbuffer.start, end: flatbuffer.end }]);
  for (const exe of executables) {
    const share = 65 / executables.length;
    if (!exe.wasm) {
      out.push([share, { what: `executable ${exe.name}`, start: exe.start, end: exe.end, base: exe.start }]);
      continue;
    }
    out.push([share * 0.3, { what: `side module ${exe.name}`, start: exe.start, end: exe.end, base: exe.start }]);
    const sections = exe.sections.filter((s) => SECTION_WEIGHTS[s.name]);
    const total = sections.reduce((t, s) => t + SECTION_WEIGHTS[s.name], 0);
    for (const s of sections) {
      out.push([(share * 0.7 * SECTION_WEIGHTS[s.name]) / total, { what: `${s.name} section of ${exe.name}`, start: s.start, end: s.end, base: exe.start }]);
    }
  }
  return out.filter(([, t]) => t.end > t.start);
}

const KINDS = [[30, 'flip'], [25, 'set'], [15, 'run'], [5, 'truncate'], [10, 'duplicate'], [15, 'delete']];

/** Where `at` is, for a description: "byte 5231 (+207 in the data section of x.wasm)". */
function where(t, at) {
  return t.base === undefined ? `byte ${at} (${t.what})` : `byte ${at} (side module byte ${at - t.base}, ${t.what})`;
}

/**
 * Mutant `index` of campaign `seed` of `original`: {bytes, description}. The description says
 * exactly what changed.
 */
export function mutate(original, seed, index) {
  const random = mutantRng(seed, index);
  const t = pick(random, targets(original));
  const kind = pick(random, KINDS);
  const at = int(random, t.start, t.end);
  const bytes = Uint8Array.from(original);
  switch (kind) {
    case 'flip': {
      const bit = int(random, 0, 8);
      bytes[at] ^= 1 << bit;
      return { bytes, description: `flip bit ${bit} of ${where(t, at)}: ${original[at]} -> ${bytes[at]}` };
    }
    case 'set': {
      const value = pick(random, [[2, 0], [2, 0xff], [1, 0x7f], [1, 0x80], [6, int(random, 0, 256)]]);
      bytes[at] = value;
      return { bytes, description: `set ${where(t, at)} from ${original[at]} to ${value}` };
    }
    case 'run': {
      const length = Math.min(int(random, 2, 17), t.end - at);
      const fill = pick(random, [[1, 0], [1, 0xff], [3, -1]]);
      for (let i = 0; i < length; i++) bytes[at + i] = fill >= 0 ? fill : int(random, 0, 256);
      return { bytes, description: `overwrite ${length} bytes from ${where(t, at)} with ${fill >= 0 ? fill : 'random bytes'}: ${Array.from(bytes.subarray(at, at + length)).join(' ')}` };
    }
    case 'truncate':
      return { bytes: bytes.slice(0, at), description: `truncate the file at ${where(t, at)} (${original.length} -> ${at} bytes)` };
    case 'duplicate': {
      const length = Math.min(int(random, 1, 33), t.end - at);
      const into = int(random, t.start, t.end + 1);
      const slice = original.subarray(at, at + length);
      const out = new Uint8Array(original.length + length);
      out.set(original.subarray(0, into));
      out.set(slice, into);
      out.set(original.subarray(into), into + length);
      return { bytes: out, description: `insert a copy of the ${length} bytes at ${where(t, at)} before ${where(t, into)}` };
    }
    case 'delete': {
      const length = Math.min(int(random, 1, 33), t.end - at);
      const out = new Uint8Array(original.length - length);
      out.set(original.subarray(0, at));
      out.set(original.subarray(at + length), at);
      return { bytes: out, description: `delete ${length} bytes from ${where(t, at)}` };
    }
  }
  throw new Error(`unknown mutation kind ${kind}`);
}
