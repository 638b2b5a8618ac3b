// A request's deadline: its `timeoutMs` (or the runtime's default) and its AbortSignal.

import { WeftError } from './errors.mjs';

/** Checks a `timeoutMs` option: undefined, or a positive number (Infinity: no deadline). */
export function checkTimeout(timeoutMs, where = 'timeoutMs') {
  if (timeoutMs === undefined) return;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
    throw new WeftError('BAD_ARGUMENT', `${where} must be a positive number of milliseconds (or Infinity), got ${String(timeoutMs)}`);
  }
}

/** Checks a `signal` option: undefined or an AbortSignal. */
export function checkSignal(signal) {
  if (signal !== undefined && !(signal && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function')) {
    throw new WeftError('BAD_ARGUMENT', 'signal must be an AbortSignal');
  }
}

/** The error a caller sees for an aborted `signal`. */
export function abortError(signal, what) {
  const reason = signal.reason instanceof Error ? signal.reason.message : signal.reason === undefined ? '' : String(signal.reason);
  return new WeftError('ABORTED', `${what} was aborted${reason ? `: ${reason}` : ''}`, { cause: signal.reason });
}

/** The error a caller sees when `timeoutMs` ran out. */
export function timeoutError(timeoutMs, what) {
  return new WeftError('TIMEOUT', `${what} did not finish within ${timeoutMs} ms (timeoutMs)`);
}

export class Deadline {
  #timeoutMs;
  #end;
  #what;
  /** The caller's signal, or undefined. */
  userSignal;
  /** A signal that fires on the caller's abort or at the deadline (for fetch), or undefined. */
  signal;

  /** `options`: {timeoutMs, signal}; `fallbackMs`: the runtime's default timeout; `what`: "the load", "call 'f'". */
  constructor(options, fallbackMs, what) {
    const timeoutMs = options?.timeoutMs ?? fallbackMs;
    checkTimeout(timeoutMs);
    checkSignal(options?.signal);
    this.#timeoutMs = timeoutMs;
    this.#end = timeoutMs === undefined ? Infinity : performance.now() + timeoutMs;
    this.#what = what;
    this.userSignal = options?.signal;
    const signals = [this.userSignal, Number.isFinite(this.#end) ? AbortSignal.timeout(timeoutMs) : undefined].filter(Boolean);
    this.signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  }

  get timeoutMs() {
    return this.#timeoutMs;
  }

  /** What the request is, for messages ("the load", "call 'f'"). */
  get what() {
    return this.#what;
  }

  /** Throws ABORTED or TIMEOUT when the request must stop. */
  check() {
    if (this.userSignal?.aborted) throw abortError(this.userSignal, this.#what);
    if (performance.now() > this.#end) throw timeoutError(this.#timeoutMs, this.#what);
  }

  /** `promise`, or ABORTED/TIMEOUT as soon as the request must stop. */
  race(promise) {
    this.check();
    if (!this.signal) return promise;
    return new Promise((resolve, reject) => {
      const stop = () => {
        try {
          this.check();
          reject(timeoutError(this.#timeoutMs, this.#what)); // the timer fired a little early
        } catch (e) {
          reject(e);
        }
      };
      this.signal.addEventListener('abort', stop, { once: true });
      promise.then(resolve, reject).finally(() => this.signal.removeEventListener('abort', stop));
    });
  }
}
