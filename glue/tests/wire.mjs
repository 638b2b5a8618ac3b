// Call values as JSON, for calls that cross into a browser page (page.evaluate): bigints,
// NaN, ±Infinity and -0 spelled out, tensors' typed arrays as plain arrays. Imported by the
// browser tests and by their pages.

const number = (v) => (Number.isNaN(v) ? { nan: true } : !Number.isFinite(v) ? { inf: Math.sign(v) } : Object.is(v, -0) ? { negzero: true } : v);

/** `v` (a scalar or a tensor {dtype, shape, data}) as JSON. */
export function toWire(v) {
  if (typeof v === 'bigint') return { big: v.toString() };
  if (typeof v === 'number') return number(v);
  if (v && typeof v === 'object' && ArrayBuffer.isView(v.data)) return { dtype: v.dtype, shape: v.shape, data: Array.from(v.data, toWire) };
  return v;
}

/** The value `toWire` made `w` from; tensors' data as `typedArrays[dtype]` (glue/js/values.mjs's TYPED_ARRAYS; scalars need none). */
export function fromWire(w, typedArrays) {
  if (!w || typeof w !== 'object') return w;
  if ('big' in w) return BigInt(w.big);
  if (w.nan) return NaN;
  if (w.negzero) return -0;
  if ('inf' in w) return w.inf * Infinity;
  return { dtype: w.dtype, shape: w.shape, data: typedArrays[w.dtype].from(w.data, (x) => fromWire(x, typedArrays)) };
}
