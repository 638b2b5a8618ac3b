// Weft's errors: every failure a caller sees is a WeftError with a stable `code` (the list
// below) and a message naming what was wrong. Codes survive the worker boundary.

/** Every code, with what it means (weft.d.ts documents the same list). */
export const ERROR_CODES = Object.freeze({
  // From the runtime core (glue/boundary/src/errors.rs).
  INVALID_PROGRAM: 'the bytes are not a program Weft can read (malformed, failing verification, executables that do not link)',
  UNSUPPORTED_VERSION: 'compiled by another IREE release than the one Weft reads (3.13.0)',
  UNSUPPORTED: 'a valid program that needs something this runtime or engine does not provide',
  NOT_FOUND: 'a function, file, URL or parameter that does not exist',
  BAD_ARGUMENT: 'arguments or options that do not fit',
  OUT_OF_MEMORY: "more memory than the runtime may use",
  KERNEL_TRAP: 'a compiled kernel trapped (out-of-bounds access, division by zero, ...)',
  PROGRAM_FAILED: 'the program itself failed (vm.fail, a failed check, a VM trap)',
  UNLOADED: 'the program was unloaded',
  // From the JavaScript side.
  NETWORK: 'a download failed',
  TIMEOUT: 'a request did not finish within its timeoutMs',
  ABORTED: "a request's AbortSignal fired",
  RUNTIME_LOST: 'the runtime stopped (timeout, abort, crash or close); programs loaded in it are gone',
  INTERNAL: 'a defect in Weft (please report it)',
});

export class WeftError extends Error {
  /**
   * @param {import('./weft.js').ErrorCode} code
   * @param {string} message
   * @param {{cause?: unknown}} [options]
   */
  constructor(code, message, options) {
    super(message, options);
    if (!(code in ERROR_CODES)) throw new TypeError(`unknown Weft error code '${code}'`);
    this.name = 'WeftError';
    /** @type {import('./weft.js').ErrorCode} One of ERROR_CODES' keys. */
    this.code = code;
    /** @type {string | undefined} For a failed file read in Node: the system's code (ENOENT, ...). */
    this.syscallCode = undefined;
  }
}

/**
 * `e` as a WeftError: kept when it is one, otherwise wrapped with `code` (its message kept).
 * @param {unknown} e
 * @param {import('./weft.js').ErrorCode} [code]
 */
export function asWeftError(e, code = 'INTERNAL') {
  if (e instanceof WeftError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new WeftError(code, message, { cause: e });
}

// File-system error codes that mean "no such thing" rather than "cannot read it".
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/** A WeftError for a failed read of `what` (a path or URL) with the platform's error `e`. */
export function readError(what, e) {
  if (e instanceof WeftError) return e;
  const code = MISSING.has(e?.code) ? 'NOT_FOUND' : 'NETWORK';
  const error = new WeftError(code, `cannot read ${what}: ${e?.message ?? e}`, { cause: e });
  if (e?.code) error.syscallCode = e.code; // e.g. ENOENT, EACCES
  return error;
}

/** What crosses a thread boundary for an error (structured clone keeps no class). */
export function toWire(e) {
  const w = asWeftError(e);
  return { code: w.code, message: w.message, syscallCode: w.syscallCode };
}

/** The WeftError a caller sees for a wire error. */
export function fromWire(w) {
  const e = new WeftError(w.code in ERROR_CODES ? w.code : 'INTERNAL', w.message);
  if (w.syscallCode) e.syscallCode = w.syscallCode;
  return e;
}
