// The call lane: a call's request and reply through memory shared by the caller and the
// runtime's worker, instead of two postMessage hops (issue 19's round-trip target).
//
// The worker, when it has nothing else to do, polls the lane's bell for a moment and then
// sleeps in Atomics.wait on it; the caller writes a request, rings the bell and polls for the
// reply for a moment. A reply that takes longer wakes the caller with a message, which every
// engine delivers: Atomics.waitAsync, the other way to wake a thread that may not block, never
// settles in Node 20's worker threads (measured: neither woken nor timed out in 60 s).
//
// Every other request still travels as a message: the caller counts each one in the mailbox
// word and rings the bell, which sends the worker back to its event loop to read it (the
// pool's workers do the same, pool-worker-main.mjs). One call at a time uses the lane, and
// only when nothing else is in flight, so requests are still handled in the order they were
// made. A request or reply that does not fit in the lane travels as a message; so does every
// error.

import { TYPED_ARRAYS, transferables } from './values.mjs';
import { success, failure } from './messages.mjs';
import { copyOut } from './frame.mjs';

/** Bytes of one lane: its words, then the encoded request or reply. */
export const LANE_BYTES = 64 << 10;

// Int32 words at the start of the lane.
const Word = {
  Bell: 0, // rung for each lane request and each message posted; the worker waits on it
  Mailbox: 1, // messages posted to the worker so far
  Request: 2, // lane requests written so far
  Reply: 3, // lane requests answered so far
  Status: 4, // how the last one was answered (Status)
  Id: 5, // the request's id (messages.mjs)
  Sleeping: 6, // the id of the call whose caller waits for a message that its reply is there, or 0
};
const PAYLOAD = 32; // first byte after the words

const Status = { Results: 1, Message: 2 };

// How long each side polls the lane before it sleeps, in ms. Waking a sleeping thread costs
// more than a tiny call takes (measured here: a message ~35 µs in Node and ~100 µs in
// Chromium, the call ~6 µs), so a reply that comes within this time is taken without one. The
// caller's thread may be the page's, so it polls only briefly. The worker polls a little
// longer, for a caller that is making its next call, but only while that pays (serve): on a
// machine with no core to spare, its poll keeps the caller from running at all.
const CALLER_SPIN_MS = 0.05;
const WORKER_SPIN_MS = 0.1;

/** Polls `words[index]` for `ms` or until it is no longer `value`; whether it changed. */
function spin(words, index, value, ms) {
  for (const until = performance.now() + ms; performance.now() < until;) {
    if (Atomics.load(words, index) !== value) return true;
  }
  return Atomics.load(words, index) !== value;
}

// Value tags of the encoding (arguments and results alike).
const Tag = { Number: 1, BigInt: 2, Tensor: 3, Null: 4, Ref: 5 };

/** Thrown by a Writer that ran out of room: the request or reply goes as a message instead. */
const FULL = Symbol('lane full');

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** `at` rounded up to a multiple of `align` (a power of two). */
const aligned = (at, align) => (at + align - 1) & -align;

// The views of the payload a Writer or Reader works on; each end makes one of each, once, and
// starts it over for every request or reply.
class Cursor {
  constructor(buffer) {
    this.buffer = buffer;
    this.bytes = new Uint8Array(buffer, PAYLOAD);
    this.view = new DataView(buffer, PAYLOAD);
    this.at = 0;
  }

  /** Starts at the payload's first byte again; returns this. */
  rewind() {
    this.at = 0;
    return this;
  }
}

class Writer extends Cursor {
  room(n, align = 4) {
    this.at = aligned(this.at, align);
    if (this.at + n > this.bytes.byteLength) throw FULL;
    const at = this.at;
    this.at += n;
    return at;
  }

  u32(v) { this.view.setUint32(this.room(4), v, true); }
  f64(v) { this.view.setFloat64(this.room(8, 8), v, true); }
  i64(v) { this.view.setBigInt64(this.room(8, 8), BigInt.asIntN(64, v), true); }

  // TextEncoder.encodeInto refuses views of shared memory in browsers: encode, then copy.
  string(s) {
    const bytes = encoder.encode(s);
    this.u32(bytes.byteLength);
    this.bytes.set(bytes, this.room(bytes.byteLength, 1));
  }

  value(v) {
    if (v === null) return this.u32(Tag.Null);
    if (typeof v === 'bigint') { this.u32(Tag.BigInt); return this.i64(v); }
    if (typeof v !== 'object') { this.u32(Tag.Number); return this.f64(Number(v)); }
    if (!('data' in v)) { this.u32(Tag.Ref); return this.string(v.type); }
    this.u32(Tag.Tensor);
    this.string(v.dtype);
    this.u32(v.shape.length);
    for (const d of v.shape) this.u32(d);
    const { buffer, byteOffset, byteLength } = v.data;
    this.u32(byteLength);
    this.bytes.set(new Uint8Array(buffer, byteOffset, byteLength), this.room(byteLength, 8));
  }
}

class Reader extends Cursor {
  skip(n, align = 4) {
    this.at = aligned(this.at, align);
    const at = this.at;
    this.at += n;
    return at;
  }

  u32() { return this.view.getUint32(this.skip(4), true); }
  f64() { return this.view.getFloat64(this.skip(8, 8), true); }
  i64() { return this.view.getBigInt64(this.skip(8, 8), true); }

  // TextDecoder refuses views of shared memory in browsers: decode a copy.
  string() {
    const n = this.u32();
    return decoder.decode(this.bytes.slice(this.at, (this.at += n)));
  }

  /** A tensor's data is a view of the lane when `shared` (read before the lane is reused), else a copy. */
  value(shared) {
    switch (this.u32()) {
      case Tag.Null: return null;
      case Tag.BigInt: return this.i64();
      case Tag.Number: return this.f64();
      case Tag.Ref: return { type: this.string() };
      case Tag.Tensor: {
        const dtype = this.string();
        const shape = new Array(this.u32());
        for (let d = 0; d < shape.length; d++) shape[d] = this.u32();
        const length = this.u32();
        const start = PAYLOAD + this.skip(length, 8);
        const T = TYPED_ARRAYS[dtype];
        const data = shared ? new T(this.buffer, start, length / T.BYTES_PER_ELEMENT) : copyOut(this.buffer, start, length, T);
        return { dtype, shape, data };
      }
      default: throw new Error('call lane: unknown value tag (caller and worker from different builds?)');
    }
  }
}

/**
 * A new lane for a caller on `platform`, or why its calls must travel as messages:
 * {buffer: SharedArrayBuffer} or {why: string}.
 */
export function createLane(platform) {
  const why = platform.isolationProblem();
  return why ? { why } : { buffer: new SharedArrayBuffer(LANE_BYTES) };
}

/** The caller's end of a lane. */
export class LaneCaller {
  #words;
  #buffer;
  #out;
  #in;
  /** The call in flight, {id, settle}, or null when the lane is free. */
  #pending = null;

  constructor(buffer) {
    this.#buffer = buffer;
    this.#words = new Int32Array(buffer, 0, PAYLOAD / 4);
    this.#out = new Writer(buffer);
    this.#in = new Reader(buffer);
  }

  /** The lane's memory (the worker's end is made from it). */
  get buffer() {
    return this.#buffer;
  }

  /** Whether a call may use the lane now. */
  get free() {
    return this.#pending === null;
  }

  /** Counts a message just posted to the worker and wakes the worker to read it. */
  posted() {
    Atomics.add(this.#words, Word.Mailbox, 1);
    this.#ring();
  }

  #ring() {
    Atomics.add(this.#words, Word.Bell, 1);
    Atomics.notify(this.#words, Word.Bell);
  }

  /**
   * Sends call request `req` ({type: 'call', id, in: {program, name, args}}) when it fits.
   * Returns null when it does not (send it as a message), else a promise of its reply
   * (messages.mjs), or of null when the reply comes as a message or the worker is gone.
   */
  send(req) {
    const out = this.#out.rewind();
    try {
      out.u32(req.in.program);
      out.string(req.in.name);
      out.u32(req.in.args.length);
      for (const a of req.in.args) out.value(a);
    } catch (e) {
      if (e === FULL) return null;
      throw e;
    }
    const w = this.#words;
    const answered = Atomics.load(w, Word.Reply);
    Atomics.store(w, Word.Id, req.id);
    Atomics.add(w, Word.Request, 1);
    this.#ring();
    const reply = new Promise((resolve) => {
      this.#pending = {
        id: req.id,
        settle: () => {
          this.#pending = null;
          resolve(Atomics.load(w, Word.Reply) === answered ? null : this.#read(req.id));
        },
      };
    });
    if (spin(w, Word.Reply, answered, CALLER_SPIN_MS)) {
      this.#pending.settle();
      return reply;
    }
    // The worker posts a message once it answers if it finds this call's id here; if it
    // answered before it could, the id is still here and the reply is already there. (An id,
    // not a flag: a worker slow to clear the last call's flag must not take this one's.)
    Atomics.store(w, Word.Sleeping, req.id);
    if (Atomics.load(w, Word.Reply) !== answered && Atomics.compareExchange(w, Word.Sleeping, req.id, 0) === req.id) this.#pending.settle();
    return reply;
  }

  // The reply in the lane to request `id`, or null when it came as a message.
  #read(id) {
    if (Atomics.load(this.#words, Word.Status) !== Status.Results) return null;
    const input = this.#in.rewind();
    const results = new Array(input.u32());
    for (let i = 0; i < results.length; i++) results[i] = input.value(false);
    return { type: 'call', id, out: { results } };
  }

  /**
   * The worker's message about call `id` arrived: its reply, or that the reply is in the lane
   * ({type: 'lane', id}).
   */
  answered(id) {
    if (this.#pending?.id === id) this.#pending.settle();
  }

  /** The worker was stopped: the call in flight, if any, settles with null. */
  release() {
    this.#pending?.settle();
  }
}

/** The worker's end of a lane. */
export class LaneWorker {
  #words;
  #out;
  #in;
  #served = 0;
  /** Whether the worker polls before it sleeps (serve). */
  #polling = true;

  constructor(buffer) {
    this.#words = new Int32Array(buffer, 0, PAYLOAD / 4);
    this.#out = new Writer(buffer);
    this.#in = new Reader(buffer);
  }

  /**
   * Waits until the caller writes a request or posts a message. Answers each request with
   * `call(req)` (its results; it throws the call's error) in the lane, or with a message
   * through `post(reply, transfer)` when the call failed or its results do not fit. Returns
   * once the mailbox counts more messages than `received()`, so the worker's event loop reads
   * them.
   */
  serve(received, call, post) {
    const w = this.#words;
    for (;;) {
      const bell = Atomics.load(w, Word.Bell);
      if (Atomics.load(w, Word.Request) !== this.#served) {
        this.#served++;
        const id = Atomics.load(w, Word.Id);
        const message = this.#answer(id, call);
        Atomics.store(w, Word.Status, message ? Status.Message : Status.Results);
        // Answered before any message about it: a caller that reads one finds the lane free.
        Atomics.store(w, Word.Reply, this.#served);
        const sleeping = Atomics.compareExchange(w, Word.Sleeping, id, 0) === id;
        if (message) post(...message);
        else if (sleeping) post({ type: 'lane', id });
        continue;
      }
      // The caller counts a message after posting it, so the worker may have received it first.
      if (((Atomics.load(w, Word.Mailbox) - received()) | 0) > 0) return;
      // Poll only while polling pays: a poll that ends with no request (the caller is busy
      // elsewhere, or this very poll holds the core it needs) turns polling off until a
      // request comes within the poll's time again.
      if (this.#polling) {
        this.#polling = spin(w, Word.Bell, bell, WORKER_SPIN_MS);
        if (!this.#polling) Atomics.wait(w, Word.Bell, bell);
      } else {
        const since = performance.now();
        Atomics.wait(w, Word.Bell, bell);
        this.#polling = performance.now() - since < WORKER_SPIN_MS;
      }
    }
  }

  // Answers request `id`: writes its results into the lane, or returns the message to post
  // instead ([reply, transfer]).
  #answer(id, call) {
    const input = this.#in.rewind();
    const program = input.u32();
    const name = input.string();
    const args = new Array(input.u32());
    for (let i = 0; i < args.length; i++) args[i] = input.value(true);
    const req = { type: 'call', id, in: { program, name, args } };
    let results;
    try {
      results = call(req);
    } catch (e) {
      return [failure(req, e)];
    }
    const out = this.#out.rewind();
    try {
      out.u32(results.length);
      for (const r of results) out.value(r);
      return null;
    } catch (e) {
      if (e !== FULL) throw e;
      return [success(req, { results }), transferables(results)];
    }
  }
}
