// Values crossing the API: program sources to bytes, call arguments checked (frame.mjs
// passes them to the runtime), iree-run-module text inputs, result transfer lists.

/** Bytes of a load source: URL/path string, URL, ArrayBuffer, typed array/DataView, Blob/File, Response. */
export async function toBytes(source) {
  if (typeof source === 'string' || source instanceof URL) {
    const { readBytes } = await import('./platform.mjs');
    return readBytes(source);
  }
  if (source instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && source instanceof SharedArrayBuffer)) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (!source.ok) throw new Error(`cannot load program: HTTP ${source.status} ${source.statusText} for ${source.url}`);
    return new Uint8Array(await source.arrayBuffer());
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) return new Uint8Array(await source.arrayBuffer());
  throw new TypeError('a program source must be a URL or path, an ArrayBuffer, a typed array, a Blob/File or a Response');
}

/** Typed array class per element type (f16/bf16 travel as raw 16-bit patterns). */
export const TYPED_ARRAYS = Object.freeze({
  f32: Float32Array, f64: Float64Array, f16: Uint16Array, bf16: Uint16Array,
  i1: Uint8Array, i8: Int8Array, si8: Int8Array, ui8: Uint8Array,
  i16: Int16Array, si16: Int16Array, ui16: Uint16Array,
  i32: Int32Array, si32: Int32Array, ui32: Uint32Array,
  i64: BigInt64Array, si64: BigInt64Array, ui64: BigUint64Array,
});

/**
 * Checks call arguments: numbers, booleans and bigints (scalars) and tensors {dtype, shape,
 * data: TypedArray}. Returns the tensors' bytes (views, not copies) in argument order.
 */
export function checkArgs(name, args) {
  if (!Array.isArray(args)) throw new TypeError(`arguments of '${name}' must be an array`);
  const tensors = [];
  args.forEach((a, i) => {
    if (typeof a === 'number' || typeof a === 'boolean') return;
    if (typeof a === 'bigint') {
      if (a < -(2n ** 63n) || a >= 2n ** 64n) throw new RangeError(`argument ${i} of '${name}': ${a} does not fit in 64 bits`);
      return;
    }
    if (a && typeof a === 'object' && 'dtype' in a && 'data' in a) {
      const { dtype, shape, data } = a;
      if (!(dtype in TYPED_ARRAYS)) throw new TypeError(`argument ${i} of '${name}': unknown dtype '${dtype}' (known: ${Object.keys(TYPED_ARRAYS).join(', ')})`);
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0 && d < 2 ** 32)) throw new TypeError(`argument ${i} of '${name}': shape must be an array of non-negative 32-bit integers`);
      if (!ArrayBuffer.isView(data)) throw new TypeError(`argument ${i} of '${name}': data must be a typed array`);
      tensors.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return;
    }
    throw new TypeError(`argument ${i} of '${name}' must be a number, a bigint or a tensor {dtype, shape, data}`);
  });
  return tensors;
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
