// Where things are in a `.vmfb` file, so mutations can be aimed: the FlatBuffer (the ZIP entry
// `module.fb`), every embedded executable (the other ZIP entries: wasm side modules, VMVX
// modules) and, for a wasm side module, each of its sections.
//
// 3.13.0 writes a stored (uncompressed) zip64 archive whose entries each start with a local
// file header; the runtime itself only reads the first one (REFERENCES.md section 1). Offsets
// here are file offsets, `end` exclusive.

const LOCAL_HEADER = 0x04034b50; // "PK\3\4"
const ZIP64_EXTRA = 0x0001;
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];

/** Unsigned LEB128 at `at`: [value, next offset], or null when it runs off the end. */
function leb(bytes, at) {
  let value = 0, shift = 0;
  while (at < bytes.length && shift < 35) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [value, at];
    shift += 7;
  }
  return null;
}

/** The entries of the archive: [{name, start, end}] (the entry's data). */
function zipEntries(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = [];
  let at = 0;
  while (at + 30 <= bytes.length && view.getUint32(at, true) === LOCAL_HEADER) {
    const nameLength = view.getUint16(at + 26, true);
    const extraLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength));
    let size = view.getUint32(at + 18, true);
    // zip64: the 32-bit size is 0xFFFFFFFF and the real one is in the zip64 extra field.
    for (let e = at + 30 + nameLength; e + 4 <= at + 30 + nameLength + extraLength;) {
      const id = view.getUint16(e, true), length = view.getUint16(e + 2, true);
      if (id === ZIP64_EXTRA && length >= 8 && size === 0xffffffff) size = Number(view.getBigUint64(e + 4, true));
      e += 4 + length;
    }
    const start = at + 30 + nameLength + extraLength;
    const end = Math.min(start + size, bytes.length);
    entries.push({ name, start, end });
    // The next entry starts at the next local header (entries are padded to their alignment).
    at = end;
    while (at + 4 <= bytes.length && view.getUint32(at, true) !== LOCAL_HEADER) at++;
  }
  return entries;
}

/** The sections of the wasm module at [start, end): [{name, start, end}] (id and size included). */
function wasmSections(bytes, start, end) {
  const sections = [];
  let at = start + 8;
  while (at < end) {
    const id = bytes[at];
    const size = leb(bytes, at + 1);
    if (id >= SECTION_NAMES.length || !size || size[1] + size[0] > end) break;
    let name = SECTION_NAMES[id];
    if (id === 0) {
      const n = leb(bytes, size[1]);
      if (n && n[1] + n[0] <= end) name = new TextDecoder().decode(bytes.subarray(n[1], n[1] + n[0]));
    }
    sections.push({ name, start: at, end: size[1] + size[0] });
    at = size[1] + size[0];
  }
  return sections;
}

/**
 * The regions of a `.vmfb`: {flatbuffer: {start, end} | null, executables: [{name, start, end,
 * wasm: boolean, sections: [{name, start, end}]}]}.
 */
export function layout(bytes) {
  const entries = zipEntries(bytes);
  const fb = entries.find((e) => e.name === 'module.fb');
  const executables = entries.filter((e) => e !== fb).map((e) => {
    const wasm = WASM_MAGIC.every((b, i) => bytes[e.start + i] === b);
    return { ...e, wasm, sections: wasm ? wasmSections(bytes, e.start, e.end) : [] };
  });
  return { flatbuffer: fb ? { start: fb.start, end: fb.end } : null, executables };
}

/** The first wasm side module of a `.vmfb` ({start, end, sections}), or null. */
export function sideModule(bytes) {
  return layout(bytes).executables.find((e) => e.wasm) ?? null;
}
