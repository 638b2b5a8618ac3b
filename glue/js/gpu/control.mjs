// How the runtime's thread waits for the GPU worker (device.mjs, worker-main.mjs): a request goes
// by postMessage, its answer comes back through a small shared buffer. The waiting thread
// blocks on the buffer's first word, so the answer cannot be a message: messages need the
// event loop the thread is blocked in.
//
// Layout: Int32 words [answered (0 or 1), failed (0 or 1), text length], then the text (UTF-8;
// the answer's value, or "<WeftError code>: <message>").

const HEADER = 12;
const TEXT_BYTES = 1 << 16;

export function createControl() {
  return new SharedArrayBuffer(HEADER + TEXT_BYTES);
}

/** Marks `control` as waiting for an answer (before the request is posted). */
export function expectAnswer(control) {
  Atomics.store(new Int32Array(control, 0, 3), 0, 0);
}

/** Writes `reply` ({failed, text}) and wakes the waiting thread. */
export function answer(control, { failed, text }) {
  const words = new Int32Array(control, 0, 3);
  // encodeInto stops at a whole character: a text too long arrives cut, still valid UTF-8.
  const scratch = new Uint8Array(TEXT_BYTES);
  const bytes = scratch.subarray(0, new TextEncoder().encodeInto(text, scratch).written);
  new Uint8Array(control, HEADER, TEXT_BYTES).set(bytes);
  words[1] = failed ? 1 : 0;
  words[2] = bytes.length;
  Atomics.store(words, 0, 1);
  Atomics.notify(words, 0);
}

/**
 * Blocks until the answer arrives, for at most `timeoutMs`: {failed, text}, or null when none
 * came in time.
 */
export function awaitAnswer(control, timeoutMs) {
  const words = new Int32Array(control, 0, 3);
  if (Atomics.wait(words, 0, 0, timeoutMs) === 'timed-out') return null;
  const text = new TextDecoder().decode(new Uint8Array(control, HEADER, words[2]).slice());
  return { failed: words[1] === 1, text };
}
