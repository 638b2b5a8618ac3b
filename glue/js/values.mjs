// Values crossing the API: program sources to bytes, call arguments to the runtime's text
// form, and results back to JS numbers.

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

/** The runtime's text for each scalar argument; tensors need the HAL (not in this build). */
export function encodeArgs(name, args) {
  if (!Array.isArray(args)) throw new TypeError(`arguments of '${name}' must be an array`);
  return args.map((a, i) => {
    if (typeof a === 'bigint') return a.toString();
    if (typeof a === 'number') return Object.is(a, -0) ? '-0' : Number.isNaN(a) ? 'nan' : a === Infinity ? 'inf' : a === -Infinity ? '-inf' : String(a);
    if (typeof a === 'boolean') return a ? '1' : '0';
    if (a && typeof a === 'object' && 'dtype' in a && 'data' in a) {
      throw new Error(`argument ${i} of '${name}' is a tensor; passing tensors needs the HAL, which this build of Weft does not include yet`);
    }
    throw new TypeError(`argument ${i} of '${name}' must be a number, a bigint or a tensor`);
  });
}

/** Results from the runtime's JSON: numbers, bigint for i64. */
export function decodeResults(results) {
  return results.map(({ type, value }) => {
    switch (type) {
      case 'i32': return Number(value);
      case 'i64': return BigInt(value);
      case 'f32':
      case 'f64': return value === 'nan' ? NaN : value === 'inf' ? Infinity : value === '-inf' ? -Infinity : Number(value);
      default: return { type: value };
    }
  });
}
