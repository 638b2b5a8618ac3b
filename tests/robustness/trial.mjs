// One trial of the campaign: a mutant loaded, called and unloaded through the public API, then
// the unmutated program loaded, called (results checked against the reference) and unloaded
// on the same runtime.

/** A request that did not settle in time. */
export class DeadlineExpired extends Error {
  constructor(what, ms) {
    super(`${what} did not settle within ${ms} ms`);
    this.name = 'DeadlineExpired';
  }
}

/**
 * Awaits `start()` (a request to the runtime) for at most `ms`. The campaign's only deadline:
 * when the API takes `{timeoutMs, signal}` itself, this is where to pass them.
 */
export async function withDeadline(what, ms, start) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExpired(what, ms)), ms);
  });
  try {
    return await Promise.race([start(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The proxy's message once its worker died (glue/js/proxy.mjs). */
const WORKER_GONE = /^the Weft worker (stopped|is gone)/;

/**
 * Loads, calls and unloads `bytes` as `program` (programs.mjs), then runs the good call.
 * Returns {kind, stage, message?, error?}: kind 'ran' (with `differs`: why the results are not
 * the reference's, or null), 'rejected' (error: the Error), 'hang', 'crash' (the runtime's
 * worker died) or 'poisoned' (the good call failed; message says how). `onStep(what)` is
 * told before each request.
 */
export async function trial(rt, program, bytes, deadlineMs, onStep = () => {}) {
  const step = (what, start) => {
    onStep(what);
    return withDeadline(what, deadlineMs, start);
  };
  let outcome;
  let stage = 'load';
  try {
    const loaded = await step('load', () => rt.load(bytes));
    try {
      stage = 'call';
      const results = await step('call', () => loaded.call(program.function, program.args()));
      outcome = { kind: 'ran', stage, differs: program.check(results) };
    } catch (e) {
      if (e instanceof DeadlineExpired || WORKER_GONE.test(e?.message)) throw e;
      outcome = { kind: 'rejected', stage, error: e };
    }
    stage = 'unload';
    await step('unload', () => loaded.unload());
  } catch (e) {
    if (e instanceof DeadlineExpired) return { kind: 'hang', stage, message: e.message };
    if (WORKER_GONE.test(e?.message)) return { kind: 'crash', stage, message: e.message };
    outcome = { kind: 'rejected', stage, error: e };
  }
  stage = 'good call';
  try {
    const good = await step('load of the unmutated program', () => rt.load(program.bytes));
    const results = await step('call of the unmutated program', () => good.call(program.function, program.args()));
    const why = program.check(results);
    await step('unload of the unmutated program', () => good.unload());
    if (why) return { kind: 'poisoned', stage, message: `the unmutated program's results differ from the reference: ${why}` };
  } catch (e) {
    if (e instanceof DeadlineExpired) return { kind: 'hang', stage, message: e.message };
    if (WORKER_GONE.test(e?.message)) return { kind: 'crash', stage, message: e.message };
    return { kind: 'poisoned', stage, message: `the unmutated program failed: ${e?.message ?? e}` };
  }
  return outcome;
}
