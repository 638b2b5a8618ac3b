// Weft's console messages, filtered by the `logLevel` option (default 'warn').

import { WeftError } from './errors.mjs';

export const LOG_LEVELS = Object.freeze(['silent', 'error', 'warn', 'info', 'debug']);

/** A logger {error, warn, info, debug} that prints messages at `level` and above, prefixed "Weft: ". */
export function createLogger(level = 'warn') {
  const rank = LOG_LEVELS.indexOf(level);
  if (rank < 0) throw new WeftError('BAD_ARGUMENT', `logLevel must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(level)}`);
  const at = (min, print) => (rank >= min ? (message) => print(`Weft: ${message}`) : () => {});
  return Object.freeze({
    level,
    error: at(1, console.error),
    warn: at(2, console.warn),
    info: at(3, console.info),
    debug: at(4, console.debug),
  });
}
