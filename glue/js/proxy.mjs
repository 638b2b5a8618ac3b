// The proxy: the same methods as the direct Runtime/Program (runtime.mjs), forwarded to a
// worker that runs the runtime, and the supervisor of that worker.
//
// Each request carries an id; replies resolve the matching promise. Every request may have a
// deadline (`timeoutMs`, or the runtime's default) and an AbortSignal. When one expires, or the
// worker reports that its runtime is lost (a crash inside it), or the worker dies, the proxy
// terminates the worker: that request rejects with TIMEOUT/ABORTED (or RUNTIME_LOST), every
// other pending one with RUNTIME_LOST, and programs loaded in that worker become stale (their
// requests reject with RUNTIME_LOST). The next request starts a fresh worker with the same
// options; `info()` counts the restarts and says why the last one happened.
//
// Where the caller can share memory with the worker, calls travel through a call lane
// (call-lane.mjs) instead of messages; `info().calls` says which.

import { request } from './messages.mjs';
import { WeftError, fromWire } from './errors.mjs';
import { Deadline, abortError, timeoutError } from './deadline.mjs';
import { checkArgs, checkIterations } from './values.mjs';
import { readSource } from './source.mjs';
import { parametersForWorker } from './parameters.mjs';
import { createLane, LaneCaller } from './call-lane.mjs';

// One worker and what is in flight on it.
class Session {
  pending = new Map(); // id -> {resolve, reject, onProgress}
  nextId = 1;
  /** Why this worker was stopped, once it was. */
  lost = null;

  constructor(port, lane) {
    this.port = port;
    /** The call lane's caller end, or null when calls travel as messages. */
    this.lane = lane.buffer ? new LaneCaller(lane.buffer) : null;
    /** How calls reach the worker (info().calls). */
    this.calls = lane.buffer ? 'call lane (shared memory)' : `messages: ${lane.why}`;
  }
}

export class WorkerRuntime {
  #platform;
  #options;
  #timeoutMs;
  /** The current session: {ready: Promise<Session> (once its runtime is created), session}, or null. */
  #current = null;
  #restarts = 0;
  #lastLoss = null;
  #closed = false;

  constructor(options, platform) {
    this.#platform = platform;
    this.#timeoutMs = options.timeoutMs;
    const { timeoutMs, worker, ...rest } = options;
    this.#options = rest;
  }

  /** `options`: weft.d.ts CreateOptions; `platform`: the entry's platform (with startRuntimeWorker). */
  static async create(options, platform) {
    const rt = new WorkerRuntime(options, platform);
    new Deadline(options, undefined, 'creating the runtime'); // checks the options
    await rt.#session();
    return rt;
  }

  // The running session, started (with its 'create' request) when there is none.
  #session() {
    if (this.#closed) return Promise.reject(new WeftError('RUNTIME_LOST', 'the runtime was closed'));
    if (!this.#current) {
      if (this.#lastLoss) this.#restarts++;
      const current = { session: new Session(this.#platform.startRuntimeWorker(this.#options.base), createLane(this.#platform)) };
      current.ready = this.#start(current.session).catch((e) => {
        if (this.#current === current) this.#current = null;
        current.session.lost ??= e; // a runtime that never started: not a restart
        current.session.port.terminate();
        throw e;
      });
      this.#current = current;
    }
    return this.#current.ready;
  }

  async #start(session) {
    session.port.onMessage((reply) => this.#settle(session, reply));
    session.port.onFailure((e) => this.#lose(session, e));
    session.port.hold(false);
    const options = { ...this.#options };
    const transfer = [];
    if (options.wasm !== undefined && typeof options.wasm !== 'string' && !(options.wasm instanceof URL)) {
      options.wasm = (await readSource(this.#platform, options.wasm)).slice().buffer;
      transfer.push(options.wasm);
    } else if (options.wasm !== undefined) {
      options.wasm = this.#platform.absolute(options.wasm);
    }
    if (options.base !== undefined) options.base = this.#platform.absolute(options.base);
    const lane = session.lane?.buffer;
    await this.#send(session, 'create', { options, lane }, transfer, new Deadline({}, undefined, 'creating the runtime'));
    return session;
  }

  // Posts a request on `session`; settles with its reply, or with the deadline's error (after
  // stopping the worker).
  #send(session, type, input, transfer, deadline, onProgress) {
    if (session.lost) return Promise.reject(session.lost);
    try {
      deadline.check();
    } catch (e) {
      return Promise.reject(e);
    }
    const id = session.nextId++;
    return new Promise((resolve, reject) => {
      const stop = () => {
        let error;
        try {
          deadline.check();
          error = timeoutError(deadline.timeoutMs, deadline.what);
        } catch (e) {
          error = e;
        }
        this.#lose(session, error, id);
      };
      deadline.signal?.addEventListener('abort', stop, { once: true });
      const done = () => deadline.signal?.removeEventListener('abort', stop);
      session.pending.set(id, {
        resolve: (v) => { done(); resolve(v); },
        reject: (e) => { done(); reject(e); },
        onProgress,
      });
      session.port.hold(true);
      try {
        const req = request(type, id, input);
        // The lane only when nothing else is in flight: requests are handled in the order made.
        const lane = type === 'call' && session.pending.size === 1 && session.lane?.free ? session.lane.send(req) : null;
        if (lane) {
          lane.then((reply) => reply && this.#settle(session, reply), (e) => this.#lose(session, e));
          return;
        }
        session.port.post(req, transfer);
        session.lane?.posted();
      } catch (e) {
        // Nothing reached the worker (e.g. an input postMessage cannot clone): only this request fails.
        session.pending.get(id).reject(e);
        session.pending.delete(id);
        if (session.pending.size === 0) session.port.hold(false);
      }
    });
  }

  /** Sends a request to the current worker (starting one if needed); see Deadline for `options`. */
  async _request(type, input, transfer, options, what, onProgress) {
    const deadline = new Deadline(options, this.#timeoutMs, what);
    const session = await deadline.race(this.#session());
    return { session, out: await this.#send(session, type, input, transfer, deadline, onProgress) };
  }

  /** Sends a request about a program loaded in `session`. */
  _requestIn(session, type, input, options, what) {
    const deadline = new Deadline(options, this.#timeoutMs, what);
    return this.#send(session, type, input, [], deadline);
  }

  #settle(session, reply) {
    // A message about a call that went through the lane (its error, its large results, or
    // that its reply is there) also frees the lane.
    if (reply.type === 'call' || reply.type === 'lane') session.lane?.answered(reply.id);
    if (reply.type === 'lane') return;
    const p = session.pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'progress') return p.onProgress?.(reply.progress);
    session.pending.delete(reply.id);
    if (session.pending.size === 0) session.port.hold(false);
    if (!reply.err) return p.resolve(reply.out);
    const error = fromWire(reply.err);
    p.reject(error);
    if (error.code === 'RUNTIME_LOST') this.#lose(session, error); // the worker's runtime cannot go on
  }

  // Stops `session`'s worker: request `culprit` (if any) rejects with `cause`, the others with
  // RUNTIME_LOST; the next request starts a new worker.
  #lose(session, cause, culprit) {
    if (session.lost) return;
    const why = cause?.message ?? String(cause);
    session.lost = new WeftError('RUNTIME_LOST', `the Weft runtime was stopped (${why})`, { cause });
    this.#lastLoss = why;
    if (this.#current?.session === session) this.#current = null;
    for (const [id, p] of session.pending) p.reject(id === culprit ? cause : session.lost);
    session.pending.clear();
    session.port.terminate();
    session.lane?.release();
  }

  /** Whether `session` is gone, with the error its programs' requests reject with. */
  _lostError(session, name) {
    if (!session.lost) return null;
    return new WeftError('RUNTIME_LOST', `program '${name}' was loaded in a runtime that was stopped (${session.lost.cause?.message ?? session.lost.message}); load it again`);
  }

  /** Loads a program; see Runtime.load. */
  async load(source, options = {}) {
    const { parameters, transfer: parameterBuffers } = parametersForWorker(this.#platform, options.parameters);
    const { payload, transfer } = await this.#payload(source, options);
    transfer.push(...parameterBuffers);
    const onProgress = options.onProgress;
    const input = { source: payload, cache: options.cache, device: options.device, parameters, progress: !!onProgress };
    const { session, out } = await this._request('load', input, transfer, options, 'the load', onProgress);
    return new ProgramProxy(this, session, out);
  }

  /** Describes a program without running it; see Runtime.inspect. */
  async inspect(source, options = {}) {
    const { payload, transfer } = await this.#payload(source, options);
    return (await this._request('inspect', { source: payload }, transfer, options, 'the inspection')).out.text;
  }

  // A URL string for the worker to read, or a copy of the bytes to transfer (the caller's
  // buffers stay intact).
  async #payload(source, options) {
    if (typeof source === 'string' || source instanceof URL) return { payload: this.#platform.absolute(source), transfer: [] };
    const onProgress = options.onProgress && ((p) => options.onProgress({ stage: 'download', ...p }));
    const bytes = await readSource(this.#platform, source, { onProgress });
    const payload = bytes.slice().buffer;
    return { payload, transfer: [payload] };
  }

  /**
   * Which threads run workgroups and why, and how often the worker was restarted: {threads,
   * threading, worker: true, restarts, lastRestart}.
   */
  async info(options = {}) {
    const { session, out } = await this._request('info', {}, [], options, 'info()');
    return { ...out, worker: true, calls: session.calls, restarts: this.#restarts, lastRestart: this.#restarts > 0 ? this.#lastLoss : null };
  }

  /** Stops the worker; pending requests reject with RUNTIME_LOST and so does every later one. */
  async close() {
    this.#closed = true;
    const session = this.#current?.session;
    this.#current = null;
    if (session) this.#lose(session, new WeftError('RUNTIME_LOST', 'the runtime was closed'));
  }
}

export class ProgramProxy {
  #rt;
  #session;
  #id;
  #unloaded = false;

  constructor(rt, session, { program, name, functions, device, adapter }) {
    this.#rt = rt;
    this.#session = session;
    this.#id = program;
    this.name = name;
    this.functions = functions;
    this.device = device;
    this.adapter = adapter;
  }

  #send(type, input, options, what) {
    if (this.#unloaded) return Promise.reject(new WeftError('UNLOADED', `program '${this.name}' was unloaded; load it again to ${what}`));
    const lost = this.#rt._lostError(this.#session, this.name);
    if (lost) return Promise.reject(lost);
    return this.#rt._requestIn(this.#session, type, { program: this.#id, ...input }, options, what);
  }

  async call(name, args = [], options = {}) {
    checkArgs(name, args); // reject bad arguments here, with the same messages as the direct path
    return (await this.#send('call', { name, args }, options, `call '${name}'`)).results;
  }

  async callText(name, inputs = [], { seed = false, iterations = 1, ...options } = {}) {
    checkIterations(iterations);
    const texts = inputs.map((x) => (x && typeof x === 'object' && 'npy' in x ? x : String(x)));
    return this.#send('callText', { name, inputs: texts, seed, iterations }, options, `call '${name}'`);
  }

  async inspect(options = {}) {
    return (await this.#send('inspect', {}, options, 'inspect it')).text;
  }

  /** Unloading twice, or a program whose runtime was stopped, is harmless. */
  async unload() {
    if (this.#unloaded || this.#rt._lostError(this.#session, this.name)) {
      this.#unloaded = true;
      return;
    }
    this.#unloaded = true;
    await this.#rt._requestIn(this.#session, 'unload', { program: this.#id }, {}, 'unload it');
  }
}
