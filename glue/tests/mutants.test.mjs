// Mutants the mutation campaign (tests/robustness/mutate.mjs) found hanging, poisoning or
// confusing the runtime, made again here from the real samples build: each change is one
// byte of the program's wasm side module, located by structure. Each must be refused at load
// with an Error naming the executable and what was wrong, and the unmutated program must then
// load and give the reference runtime's result on the same runtime, in a worker and in this
// thread. (Before the fixes: the first hung the runtime or corrupted its heap, the second
// grew every thread's function table by 65536 slots per load, which made loads take seconds
// once many kernel instances were alive, the third loaded and then made every later request
// fail with "recursive use of an object detected", the last two threw a bare TypeError /
// RuntimeError.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Weft } from '../js/weft.node.mjs';
import { TYPED_ARRAYS } from '../js/values.mjs';
import { WeftError } from '../js/errors.mjs';
import { oraclePrograms, textToTensor, tensorMismatch, argTypes, typedArg } from './common.mjs';
import { sideModule } from '../../tests/robustness/layout.mjs';

const abs = oraclePrograms('samples', 'wasm32').find((p) => p.name === 'simple_abs');
const original = new Uint8Array(readFileSync(abs.module));
const side = sideModule(original);

function uleb(b, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = b[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** [first byte of the section's contents, its end] in the .vmfb. */
function section(name) {
  const s = side.sections.find((x) => x.name === name);
  assert.ok(s, `the side module has a ${name} section`);
  return [uleb(original, s.start + 1)[1], s.end];
}

function withByte(at, value) {
  const b = original.slice();
  b[at] = value;
  return b;
}

// The MEM_INFO subsection's id byte of dylink.0 (after the section's name), and its fields:
// memory size, memory alignment, table size, table alignment.
function memInfo() {
  const [start] = section('dylink.0');
  const [length, name] = uleb(original, start);
  const id = name + length;
  let at = uleb(original, id + 1)[1];
  const fields = [];
  for (let f = 0; f < 4; f++) {
    fields.push(at);
    at = uleb(original, at)[1];
  }
  return { id, fields };
}

// The first parameter of the kernel type (i32, i32, i32) -> i32 in the type section.
function kernelFirstParam() {
  const [start, end] = section('type');
  const types = original.subarray(start, end);
  const at = types.findIndex((_, i) => [0x60, 3, 0x7f, 0x7f, 0x7f, 1, 0x7f].every((b, k) => types[i + k] === b));
  assert.ok(at >= 0, 'the side module has the kernel type');
  return start + at + 2;
}

const QUERY = 'iree_hal_executable_library_query';

// The first character of the query export's name.
function queryExportName() {
  const [start, end] = section('export');
  const at = Buffer.from(original.subarray(start, end)).indexOf(QUERY);
  assert.ok(at >= 0);
  return start + at;
}

// The query function's body in the code section: [first instruction, final `end`).
function queryBody() {
  let [at] = section('import');
  let count;
  [count, at] = uleb(original, at);
  let importedFunctions = 0;
  for (let i = 0; i < count; i++) {
    for (let s = 0; s < 2; s++) { let n; [n, at] = uleb(original, at); at += n; } // module, field
    const kind = original[at++];
    if (kind === 0) { importedFunctions++; at = uleb(original, at)[1]; }
    else if (kind === 1 || kind === 2) {
      if (kind === 1) at++; // reference type
      const flags = original[at++];
      at = uleb(original, at)[1];
      if (flags & 1) at = uleb(original, at)[1];
    } else at += 2; // global: value type, mutability
  }
  [at] = section('export');
  [count, at] = uleb(original, at);
  let query;
  for (let i = 0; i < count; i++) {
    let n; [n, at] = uleb(original, at);
    const name = Buffer.from(original.subarray(at, at + n)).toString();
    at += n;
    const kind = original[at++];
    let index; [index, at] = uleb(original, at);
    if (kind === 0 && name === QUERY) query = index;
  }
  [at] = section('code');
  [count, at] = uleb(original, at);
  for (let i = 0; i < count; i++) {
    let size; [size, at] = uleb(original, at);
    if (i === query - importedFunctions) {
      const end = at + size - 1;
      let locals; [locals, at] = uleb(original, at);
      for (let l = 0; l < locals; l++) at = uleb(original, at)[1] + 1;
      return [at, end];
    }
    at += size;
  }
  assert.fail('no query body');
}

// The query's instructions all `unreachable` (valid wasm that traps when called).
function trappingQuery() {
  const [start, end] = queryBody();
  const b = original.slice();
  b.fill(0x00, start, end);
  return b;
}

// The FlatBuffer's module_state.global_ref_count (BytecodeModuleDef field 11, then
// ModuleStateDef field 1) set to `count`.
function withGlobalRefs(count) {
  const b = original.slice();
  const v = new DataView(b.buffer);
  const fb = 30 + v.getUint16(26, true) + v.getUint16(28, true) + 4; // ZIP header, size prefix
  const table = (at) => [at, at - v.getInt32(at, true)]; // [table, its vtable]
  const field = ([t, vt], slot) => {
    const offset = v.getUint16(vt + 4 + 2 * slot, true);
    assert.ok(offset > 0, `field ${slot} is present`);
    return t + offset;
  };
  const root = table(fb + v.getUint32(fb, true));
  const stateAt = field(root, 11);
  const state = table(stateAt + v.getUint32(stateAt, true));
  v.setUint32(field(state, 1), count, true);
  return b;
}

const MUTANTS = [
  ['dylink.0 reserves no data region (MEM_INFO subsection id 1 -> 63)', () => withByte(memInfo().id, 63), 'INVALID_PROGRAM',
    /wasm executable 'abs_dispatch_0-\w+\.wasm' in rodata segment \d+: module writes outside the region reserved for it: data section at byte 0x[0-9a-f]+: data segment 0 has \d+ bytes, but dylink\.0 reserves 0 bytes for the module's data/],
  ['dylink.0 asks for table slots aligned to 2^16 (table alignment 0 -> 16)', () => withByte(memInfo().fields[3], 16), 'INVALID_PROGRAM',
    /wasm executable 'abs_dispatch_0-\w+\.wasm' in rodata segment \d+: wants its table slots aligned to 65536; Weft aligns them to at most 64/],
  ["the kernel's first parameter i32 -> v128", () => withByte(kernelFirstParam(), 0x7b), 'INVALID_PROGRAM',
    /export 'abs_dispatch_0_elementwise' is a function of type \(v128, i32, i32\) -> \(i32\); a kernel must be \(i32, i32, i32\) -> \(i32\)/],
  ['the query export renamed (i -> j)', () => withByte(queryExportName(), 'j'.charCodeAt(0)), 'INVALID_PROGRAM',
    /wasm executable 'abs_dispatch_0-\w+\.wasm' in rodata segment \d+: it does not export iree_hal_executable_library_query/],
  ['the module asks for 2^28 global refs (module_state.global_ref_count 3 -> 2^28)', () => withGlobalRefs(2 ** 28), 'OUT_OF_MEMORY',
    /out of memory: module 'simple_abs' declares 268435456 ref globals; a program may declare at most 1048576/],
  ['the query traps (its body all unreachable)', trappingQuery, 'INVALID_PROGRAM',
    /^wasm executable 0 of the program trapped while initialising \(unreachable\)$/],
];

async function goodCall(rt) {
  const call = abs.oracle.runs[0].calls[0];
  const types = argTypes(call.cconv);
  const program = await rt.load(original);
  const results = await program.call(call.function, call.inputs.map((t, i) => (types[i] === 'r' ? textToTensor(t, TYPED_ARRAYS) : typedArg(t, types[i]))));
  await program.unload();
  assert.equal(tensorMismatch(results[0], call.results[0], abs.ulp), null);
}

for (const worker of [true, false]) {
  test(`mutants the campaign found are refused at load and the runtime goes on (${worker ? 'worker' : 'this thread'})`, { timeout: 60_000 }, async () => {
    const rt = await Weft.create({ worker });
    try {
      await goodCall(rt);
      for (const [what, make, code, message] of MUTANTS) {
        const mutant = make();
        assert.notDeepEqual(mutant, original, what);
        await assert.rejects(rt.load(mutant), (e) => {
          assert.ok(e instanceof WeftError, `${what}: ${e?.name}: ${e?.message}`);
          assert.equal(e.code, code, what);
          assert.match(e.message, message, what);
          return true;
        });
        await goodCall(rt);
      }
    } finally {
      await rt.close();
    }
  });
}
