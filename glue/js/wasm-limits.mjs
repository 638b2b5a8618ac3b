// Reads the limits of a wasm module's imported memory from its import section, so the runtime
// can create its own shared memory (with the caller's maximum) before instantiating.

function leb(bytes, at) {
  let value = 0, shift = 0, b;
  do {
    b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [value, at];
}

/** {initial, maximum, shared} of the first memory import, or null if none. */
export function importedMemory(bytes) {
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('not a wasm module');
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size;
    [size, at] = leb(bytes, at);
    const end = at + size;
    if (id === 2) {
      let count;
      [count, at] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        for (let s = 0; s < 2; s++) { let n; [n, at] = leb(bytes, at); at += n; } // module, name
        const kind = bytes[at++];
        if (kind === 0) { [, at] = leb(bytes, at); continue; } // function: type index
        if (kind === 1) { at++; const f = bytes[at++]; [, at] = leb(bytes, at); if (f & 1) [, at] = leb(bytes, at); continue; } // table
        if (kind === 3) { at += 2; continue; } // global: valtype, mutability
        if (kind === 2) {
          const flags = bytes[at++];
          let initial, maximum;
          [initial, at] = leb(bytes, at);
          if (flags & 1) [maximum, at] = leb(bytes, at);
          return { initial, maximum, shared: !!(flags & 2) };
        }
        throw new Error(`unknown import kind ${kind}`);
      }
      return null;
    }
    at = end;
  }
  return null;
}
