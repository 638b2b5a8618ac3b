// The typed call path: arguments go to the runtime through the call frame, a run of 32-bit
// words in linear memory (glue/src/frame.rs defines it), and tensor bytes are written straight
// into the HAL buffers the runtime staged for them. Results come back the same way; each
// result tensor is copied out of linear memory once.

import { element_type_code, element_type_name, FrameTag } from '../pkg/weft_runtime.js';
import { checkArgs, TYPED_ARRAYS } from './values.mjs';
import { WeftError } from './errors.mjs';

// Tags of the call frame, as glue/src/frame.rs defines them.
const { Number: NUMBER, Integer: INTEGER, Tensor: TENSOR, I32, I64, F32, F64, Null: NULL, Ref: REF } = FrameTag;

// Element type codes by dtype name and back, asked of the runtime once each.
const codes = new Map();
const names = new Map();
function codeOf(dtype) {
  let c = codes.get(dtype);
  if (c === undefined) codes.set(dtype, (c = element_type_code(dtype)));
  return c;
}
function nameOf(code) {
  let n = names.get(code);
  if (n === undefined) names.set(code, (n = element_type_name(code)));
  return n;
}

const bits = new DataView(new ArrayBuffer(8));

/**
 * Calls function `index` (named `name`, for messages) of program `id` on runtime core `core`
 * whose linear memory is `memory`, with typed arguments; returns typed results.
 */
export function invoke(core, memory, id, index, name, args) {
  const tensors = checkArgs(name, args);
  const addresses = [];
  try {
    for (const t of tensors) addresses.push(core.stage_tensor(id, t.byteLength));
  } catch (e) {
    core.discard_staged();
    throw e;
  }
  // Staging may grow the memory, so take its buffer afterwards.
  let buffer = memory.buffer;
  tensors.forEach((t, k) => new Uint8Array(buffer, addresses[k], t.byteLength).set(t));

  let words = 0;
  for (const a of args) words += typeof a === 'object' ? 4 + a.shape.length : 3;
  const frame = core.frame(words);
  const w = wordsOf(memory.buffer); // taken after core.frame, which may grow the memory
  let at = frame >>> 2;
  let staged = 0;
  for (const a of args) {
    if (typeof a === 'bigint') {
      bits.setBigInt64(0, BigInt.asIntN(64, a), true);
      w[at++] = INTEGER; w[at++] = bits.getUint32(0, true); w[at++] = bits.getUint32(4, true);
    } else if (typeof a === 'object') {
      w[at++] = TENSOR; w[at++] = codeOf(a.dtype); w[at++] = staged++; w[at++] = a.shape.length;
      for (const d of a.shape) w[at++] = d;
    } else {
      bits.setFloat64(0, Number(a), true);
      w[at++] = NUMBER; w[at++] = bits.getUint32(0, true); w[at++] = bits.getUint32(4, true);
    }
  }

  const out = core.invoke(id, index, words);
  try {
    return readResults(core, memory.buffer, out);
  } finally {
    core.release_results();
  }
}

// A word view of the memory's current buffer (a new one only after the memory grew).
let words32 = new Uint32Array(0);
function wordsOf(buffer) {
  if (words32.buffer !== buffer) words32 = new Uint32Array(buffer);
  return words32;
}

/**
 * A result tensor's bytes copied out of linear memory into an array of its own (transferable):
 * a `T` where the length fits, raw bytes otherwise. Copying between two views of the same type
 * is one block copy; a byte slice of shared memory plus a view over it costs several times more
 * for small tensors, which is most of what a tiny call returns.
 */
export function copyOut(buffer, start, length, T) {
  if (!T || length % T.BYTES_PER_ELEMENT !== 0) return new Uint8Array(buffer, start, length).slice();
  const data = new T(length / T.BYTES_PER_ELEMENT);
  if (start % T.BYTES_PER_ELEMENT === 0) data.set(new T(buffer, start, data.length));
  else new Uint8Array(data.buffer).set(new Uint8Array(buffer, start, length));
  return data;
}

function readResults(core, buffer, address) {
  const view = wordsOf(buffer); // host byte order: little-endian wherever engines run wasm
  let at = address >>> 2;
  const word = () => view[at++];
  const count = word();
  const results = [];
  for (let i = 0; i < count; i++) {
    const tag = word();
    switch (tag) {
      case I32: results.push(word() | 0); break;
      case F32: bits.setUint32(0, word(), true); results.push(bits.getFloat32(0, true)); break;
      case I64: case F64: {
        bits.setUint32(0, word(), true);
        bits.setUint32(4, word(), true);
        results.push(tag === I64 ? bits.getBigInt64(0, true) : bits.getFloat64(0, true));
        break;
      }
      case TENSOR: {
        const dtype = nameOf(word());
        const start = word();
        const length = word();
        const shape = new Array(word());
        for (let d = 0; d < shape.length; d++) shape[d] = word();
        results.push({ dtype, shape, data: copyOut(buffer, start, length, TYPED_ARRAYS[dtype]) });
        break;
      }
      case NULL: results.push(null); break;
      case REF: results.push({ type: core.result_ref_name(word()) }); break;
      default: throw new WeftError('INTERNAL', `result ${i}: unknown frame tag ${tag} (runtime and glue JS are from different builds?)`);
    }
  }
  return results;
}
