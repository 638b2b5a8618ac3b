// One trial of the campaign: a mutant loaded, called and unloaded through the public API, then
// the unmutated program loaded, called (results checked against the reference) and unloaded
// on the same runtime.

/** A request that did not settle even after the API's own timeout should have ended it. */
export class DeadlineExpired extends Error {
  constructor(what, ms) {
    super(`${what} did not settle within ${ms} ms`);
    this.name = 'DeadlineExpired';
  }
}

// How long after its timeoutMs a request may take to settle before it counts as a hang: a
// worker runtime rejects at timeoutMs by stopping its worker; a direct one cannot interrupt a
// running call, so there the parent's watchdog ends the process.
const MARGIN_MS = 2000;

/** Awaits `start()` for at most `ms`; rejects with DeadlineExpired after that. */
async function settled(what, ms, start) {
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

/** What a rejection means for the campaign, from its WeftError code. */
function failureOf(e) {
  if (e instanceof DeadlineExpired) return 'hang';
  if (e?.code === 'TIMEOUT') return 'timeout'; // the parent asks the reference whether it ends
  if (e?.code === 'RUNTIME_LOST') return 'lost';
  return null;
}

/**
 * Loads, calls and unloads `bytes` as `program` (programs.mjs), each request with
 * `{timeoutMs}`, then runs the good call. Returns {kind, stage, message?, error?}: kind 'ran'
 * (with `differs`: why the results are not the reference's, or null), 'rejected' (error: the
 * WeftError), 'timeout' (the API stopped a request at timeoutMs), 'lost' (the runtime said it
 * lost its worker or thread, and why), 'hang' (a request outlived its timeout) or 'poisoned'
 * (the good call failed or differs; message says how). After 'lost' (from the mutant's requests,
 * or from the first good call) the good call still has to run right: a worker runtime restarts
 * itself; a direct one stays lost, so `renew()` (given for direct runtimes) creates the runtime
 * the good call, and later trials, use. `onStep(what)` is told before each request.
 */
export async function trial(rt, program, bytes, { timeoutMs, renew }, onStep = () => {}) {
  const step = (what, start) => {
    onStep(what);
    return settled(what, timeoutMs + MARGIN_MS, start);
  };
  const limit = { timeoutMs };
  let outcome;
  let stage = 'load';
  try {
    const loaded = await step('load', () => rt.load(bytes, limit));
    try {
      stage = 'call';
      const results = await step('call', () => loaded.call(program.function, program.args(), limit));
      outcome = { kind: 'ran', stage, differs: program.check(results) };
    } catch (e) {
      if (failureOf(e)) throw e;
      outcome = { kind: 'rejected', stage, error: e };
    }
    stage = 'unload';
    await step('unload', () => loaded.unload());
  } catch (e) {
    const kind = failureOf(e);
    if (kind) outcome = { kind, stage, message: e.message };
    else outcome = { kind: 'rejected', stage, error: e };
    if (kind === 'hang') return outcome;
  }
  // The unmutated program: loaded, called, checked against the reference, unloaded.
  const goodCall = async () => {
    const good = await step('load of the unmutated program', () => rt.load(program.bytes, limit));
    const results = await step('call of the unmutated program', () => good.call(program.function, program.args(), limit));
    const why = program.check(results);
    await step('unload of the unmutated program', () => good.unload());
    return why;
  };
  try {
    onStep('good call');
    if (outcome.kind === 'lost' && renew) rt = await renew();
    let why;
    try {
      why = await goodCall();
    } catch (e) {
      if (e?.code !== 'RUNTIME_LOST' || outcome.kind === 'lost') throw e;
      // The mutant's kernels may have written over the runtime's own data without trapping (a
      // kernel can reach all of the shared memory: the README's threat model); the runtime found
      // out at the next call and said so. That is 'lost', and the good call must then run right
      // on the restarted runtime.
      outcome = { kind: 'lost', stage: 'good call', message: e.message };
      if (renew) rt = await renew();
      why = await goodCall();
    }
    if (why) return { kind: 'poisoned', stage: 'good call', message: `the unmutated program's results differ from the reference: ${why}` };
  } catch (e) {
    if (e instanceof DeadlineExpired) return { kind: 'hang', stage: 'good call', message: e.message };
    return { kind: 'poisoned', stage: 'good call', message: `the unmutated program failed: ${e?.code ?? e?.name}: ${e?.message ?? e}` };
  }
  return outcome;
}
