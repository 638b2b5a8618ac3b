// Values crossing the API: call arguments checked (frame.mjs passes them to the runtime),
// iree-run-module text inputs, result transfer lists.

import { WeftError } from './errors.mjs';

/** Typed array class per element type (f16/bf16 travel as raw 16-bit patterns, i1 as bytes). */
export const TYPED_ARRAYS = Object.freeze({
  f32: Float32Array, f64: Float64Array, f16: Uint16Array, bf16: Uint16Array,
  i1: Uint8Array, i8: Int8Array, si8: Int8Array, ui8: Uint8Array,
  i16: Int16Array, si16: Int16Array, ui16: Uint16Array,
  i32: Int32Array, si32: Int32Array, ui32: Uint32Array,
  i64: BigInt64Array, si64: BigInt64Array, ui64: BigUint64Array,
});

const bad = (message) => new WeftError('BAD_ARGUMENT', message);

/**
 * Checks call arguments: numbers, booleans and bigints (scalars) and tensors {dtype, shape,
 * data: the dtype's TypedArray}. Returns the tensors' bytes (views, not copies) in argument order.
 */
export function checkArgs(name, args) {
  if (!Array.isArray(args)) throw bad(`arguments of '${name}' must be an array`);
  const tensors = [];
  args.forEach((a, i) => {
    if (typeof a === 'number' || typeof a === 'boolean') return;
    if (typeof a === 'bigint') {
      if (a < -(2n ** 63n) || a >= 2n ** 64n) throw bad(`argument ${i} of '${name}': ${a} does not fit in 64 bits`);
      return;
    }
    if (a && typeof a === 'object' && 'dtype' in a && 'data' in a) {
      const { dtype, shape, data } = a;
      const T = Object.hasOwn(TYPED_ARRAYS, dtype) ? TYPED_ARRAYS[dtype] : undefined;
      if (!T) throw bad(`argument ${i} of '${name}': unknown dtype '${dtype}' (known: ${Object.keys(TYPED_ARRAYS).join(', ')})`);
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0 && d < 2 ** 32)) throw bad(`argument ${i} of '${name}': shape must be an array of non-negative 32-bit integers`);
      // The element type decides how the bytes are read: an Int32Array given as f32 would be
      // silently reinterpreted.
      if (!(data instanceof T)) {
        const given = ArrayBuffer.isView(data) ? data.constructor.name : typeof data;
        throw bad(`argument ${i} of '${name}': a ${dtype} tensor's data must be a ${T.name}, got ${given}`);
      }
      tensors.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return;
    }
    throw bad(`argument ${i} of '${name}' must be a number, a bigint or a tensor {dtype, shape, data}`);
  });
  return tensors;
}

/** Most calls one callText runs (the Rust side counts them in a u32). */
const MAX_ITERATIONS = 0xffffffff;

/** Checks the `iterations` of a text call: a whole number from 1 to MAX_ITERATIONS. */
export function checkIterations(iterations) {
  if (!(Number.isInteger(iterations) && iterations >= 1 && iterations <= MAX_ITERATIONS)) {
    throw bad(`iterations must be a whole number from 1 to ${MAX_ITERATIONS}, got ${typeof iterations === 'string' ? JSON.stringify(iterations) : String(iterations)}`);
  }
}

/**
 * iree-run-module style inputs in the runtime's encoding: strings (`4xf32=1 2 3 4`, `7`) or
 * {npy: Uint8Array} (the bytes of a .npy file, as `--input=@file.npy` gives).
 */
export function encodeTextInputs(inputs) {
  const texts = [];
  const chunks = [];
  for (const x of inputs) {
    if (x && typeof x === 'object' && ArrayBuffer.isView(x.npy)) {
      const bytes = new Uint8Array(x.npy.buffer, x.npy.byteOffset, x.npy.byteLength);
      texts.push(`n:${bytes.byteLength}`);
      chunks.push(bytes);
    } else {
      texts.push(`s:${String(x)}`);
    }
  }
  const data = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) { data.set(c, at); at += c.byteLength; }
  return { texts, data };
}

/** ArrayBuffers of the tensors in `results` (to transfer them to the caller's thread). */
export function transferables(results) {
  return results.filter((r) => r && typeof r === 'object' && ArrayBuffer.isView(r.data)).map((r) => r.data.buffer);
}
