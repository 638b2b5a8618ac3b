// How the runtime's thread waits for the GPU worker (device.mjs, worker-main.mjs): a request goes
// by postMessage, its answer comes back through a small shared buffer. The waiting thread
// blocks on the buffer's first word, so the answer cannot be a message: messages need the
// event loop the thread is blocked in.
//
// Layout: Int32 words [answered (0 or 1), failed (0 or 1), text length, heartbeat], then the
// text (UTF-8; the answer's value, or "<WeftError code>: <message>"). While the worker serves a
// request it advances the heartbeat every BEAT_MS, so the waiting thread can tell a long GPU
// job (a whole model's command buffer can take minutes on a CPU adapter) from a worker that
// stopped answering.

const WORDS = 4;
const HEADER = 4 * WORDS;
const TEXT_BYTES = 1 << 16;
export const BEAT_MS = 1000;

export function createControl() {
  return new SharedArrayBuffer(HEADER + TEXT_BYTES);
}

/** Marks `control` as waiting for an answer (before the request is posted). */
export function expectAnswer(control) {
  Atomics.store(new Int32Array(control, 0, WORDS), 0, 0);
}

/** Writes `reply` ({failed, text}) and wakes the waiting thread. */
export function answer(control, { failed, text }) {
  const words = new Int32Array(control, 0, WORDS);
  // encodeInto stops at a whole character: a text too long arrives cut, still valid UTF-8.
  const scratch = new Uint8Array(TEXT_BYTES);
  const bytes = scratch.subarray(0, new TextEncoder().encodeInto(text, scratch).written);
  new Uint8Array(control, HEADER, TEXT_BYTES).set(bytes);
  words[1] = failed ? 1 : 0;
  words[2] = bytes.length;
  Atomics.store(words, 0, 1);
  Atomics.notify(words, 0);
}

/** Tells the waiting thread that the worker is still at work on its request. */
export function beat(control) {
  Atomics.add(new Int32Array(control, 0, WORDS), 3, 1);
}

/**
 * Blocks until the answer arrives: {failed, text}, or null once the worker has gone
 * `silenceMs` without a heartbeat.
 */
export function awaitAnswer(control, silenceMs) {
  const words = new Int32Array(control, 0, WORDS);
  let heard = Atomics.load(words, 3);
  let since = Date.now();
  while (Atomics.wait(words, 0, 0, BEAT_MS) === 'timed-out') {
    const now = Date.now();
    if (Atomics.load(words, 3) !== heard) {
      heard = Atomics.load(words, 3);
      since = now;
    } else if (now - since >= silenceMs) {
      return null;
    }
  }
  const text = new TextDecoder().decode(new Uint8Array(control, HEADER, words[2]).slice());
  return { failed: words[1] === 1, text };
}
