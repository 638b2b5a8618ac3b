#!/usr/bin/env node
// Mutation campaign: feeds seeded mutants of real compiled programs to Weft's public JS API
// and checks that each one is either run or rejected with a clear Error, never hangs, never
// crashes, and never leaves the runtime unable to load and call the unmutated program.
//
//   node tests/robustness/mutate.mjs [--mode=worker|direct] [--seed=1] [--count=300]
//        [--programs=samples/simple_abs.wasm32,...] [--deadline-ms=10000] [--threads=N]
//        [--keep=DIR] [--replay=FILE]
//
// --count is the number of mutants in all; mutant i mutates program i mod (number of
// programs) (programs.mjs lists the default ones) and is made from (seed, i) alone
// (mutations.mjs). Each trial (trial.mjs): load the mutant, call its program's known-good
// function with the recorded arguments, unload it; then load, call (checked against the
// reference runtime's recorded results) and unload the unmutated program on the same runtime.
// Every request has `{timeoutMs: --deadline-ms}`. A mutation can make a program loop forever,
// so a request the API stops with TIMEOUT is 'endless' when iree-run-module does not finish it
// in the same time either (reference.mjs), 'stopped' when the reference cannot run it (wasm32
// kernels: nothing can say whether it should end; the runtime stopped it and went on), and a
// hang when the reference finishes it. A runtime that reports RUNTIME_LOST said what happened:
// 'lost', not a failure, as long as the unmutated program then runs right (a worker runtime
// restarts itself; in direct mode the good call runs on a new runtime in the same thread).
//
// Modes: `worker` uses the default runtime (in a worker thread). `direct` uses
// `Weft.create({worker: false})`, which cannot interrupt a running call: a loop blocks the
// thread it runs on. Either way the trials run in child processes under a watchdog: a child
// that stops reporting is killed (the trial counts as a hang, or as endless when the reference
// does not finish it either, or, for wasm32 kernels the reference cannot run, when a worker
// runtime has to stop the same call at its timeout), one that dies counts as a crash, and the
// next child goes on with the next mutant.
//
// --keep=DIR writes every mutant that hung, crashed or poisoned the runtime as DIR/<name>.vmfb
// with DIR/<name>.json (program, seed, index, what was mutated); --replay=DIR/<name>.vmfb runs
// that one mutant again. Prints a summary; the exit status is 1 if any trial hung, crashed or
// poisoned the runtime.

import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Weft } from '../../glue/js/weft.node.mjs';
import { mutate } from './mutations.mjs';
import { DEFAULT_PROGRAMS, program } from './programs.mjs';
import { trial } from './trial.mjs';
import { referenceVerdict, workerVerdict } from './reference.mjs';
import { Tally, unclear, FAILURES } from './tally.mjs';

const self = fileURLToPath(import.meta.url);
const WATCHDOG_MARGIN_MS = 5000;
const USAGE = 'usage: mutate.mjs [--mode=worker|direct] [--seed=N] [--count=N] [--programs=a,b] [--deadline-ms=N] [--threads=N] [--keep=DIR] [--replay=FILE]';

function options(argv) {
  const o = { mode: 'worker', seed: 1, count: 300, programs: DEFAULT_PROGRAMS, deadlineMs: 10000, threads: undefined, keep: null, replay: null, child: false, from: 0 };
  for (const a of argv) {
    const [, key, value] = /^--([\w-]+)(?:=(.*))?$/.exec(a) ?? [];
    const number = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`--${key} must be a non-negative integer, got '${value}'\n${USAGE}`);
      return n;
    };
    switch (key) {
      case 'mode':
        if (value !== 'worker' && value !== 'direct') throw new Error(`--mode must be worker or direct\n${USAGE}`);
        o.mode = value;
        break;
      case 'seed': o.seed = number(); break;
      case 'count': o.count = number(); break;
      case 'programs': o.programs = value.split(',').filter(Boolean); break;
      case 'deadline-ms': o.deadlineMs = number(); break;
      case 'threads': o.threads = number(); break;
      case 'keep': o.keep = value; break;
      case 'replay': o.replay = value; break;
      case 'child': o.child = true; break;
      case 'from': o.from = number(); break;
      default: throw new Error(`unknown argument '${a}'\n${USAGE}`);
    }
  }
  return o;
}

/** What --keep wrote next to a kept mutant: {program, seed, index, description, outcome}. */
function keptMeta(file) {
  return JSON.parse(readFileSync(file.replace(/\.vmfb$/, '.json'), 'utf8'));
}

/** The campaign's programs (programs.mjs), and how many trials it runs. */
async function campaign(o) {
  const ids = o.replay ? [keptMeta(o.replay).program] : o.programs;
  return { programs: await Promise.all(ids.map(program)), count: o.replay ? 1 : o.count };
}

/** The mutant a trial runs: from (seed, index), or the replayed file. */
function mutantOf(o, programs, index) {
  if (o.replay) {
    const meta = keptMeta(o.replay);
    return { program: programs.find((p) => p.id === meta.program), bytes: new Uint8Array(readFileSync(o.replay)), description: meta.description };
  }
  const p = programs[index % programs.length];
  return { program: p, ...mutate(p.bytes, o.seed, index) };
}

// ---- child: runs trials from --from on, reporting each to the parent ----

async function child(o) {
  const { programs, count } = await campaign(o);
  const send = (m) => new Promise((resolve) => process.send(m, resolve));
  const create = () => Weft.create({ worker: o.mode === 'worker', threads: o.threads });
  let rt = await create();
  // A lost direct runtime stays lost; the good call and later trials use a new one.
  const renew = o.mode === 'direct' ? async () => (rt = await create()) : undefined;
  for (let index = o.from; index < count; index++) {
    const m = mutantOf(o, programs, index);
    await send({ type: 'start', index });
    const outcome = await trial(rt, m.program, m.bytes, { timeoutMs: o.deadlineMs, renew }, (what) => process.send({ type: 'step', what }));
    const report = { type: 'outcome', index, kind: outcome.kind, stage: outcome.stage };
    if (outcome.kind === 'rejected') {
      report.message = outcome.error?.message ?? String(outcome.error);
      report.unclear = unclear(outcome.error);
    } else report.message = outcome.message ?? outcome.differs ?? null;
    await send(report);
    if (!FAILURES.includes(outcome.kind) && !(outcome.kind === 'lost' && !renew)) continue;
    // The runtime may be stuck or broken: start over with a new one. A direct runtime's
    // thread may still be running the call that failed: that takes a new process.
    if (o.mode === 'direct') process.exit(0);
    await Promise.race([rt.close(), new Promise((r) => setTimeout(r, o.deadlineMs))]);
    rt = await create();
  }
  await rt.close();
  process.exit(0);
}

// ---- parent: children under a watchdog, the tally, kept mutants, the summary ----

/** Runs one child from mutant `from`; resolves with the index the next child starts at. */
function runChild(o, from, onOutcome) {
  const start = from;
  return new Promise((resolve) => {
    const args = process.argv.slice(2).filter((a) => !/^--(from|child)\b/.test(a));
    const c = fork(self, [...args, '--child', `--from=${from}`], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let current = null, step = null, killed = false, timer;
    // Starting a child takes a runtime; each step of a trial gets the request's timeout plus
    // the trial's margin (trial.mjs) plus time for the child's own bookkeeping: the child
    // enforces the deadlines itself when its thread is free.
    const watch = (ms) => {
      clearTimeout(timer);
      timer = setTimeout(() => { killed = true; c.kill('SIGKILL'); }, ms);
    };
    watch(60_000);
    c.on('message', (m) => {
      if (m.type === 'start') { current = m.index; step = null; watch(o.deadlineMs + WATCHDOG_MARGIN_MS); }
      if (m.type === 'step') { step = m.what; watch(o.deadlineMs + WATCHDOG_MARGIN_MS); }
      if (m.type === 'outcome') { current = null; onOutcome(m); from = m.index + 1; watch(o.deadlineMs + WATCHDOG_MARGIN_MS); }
    });
    c.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (current !== null) {
        const kind = killed ? 'hang' : 'crash';
        const during = step ?? 'the start of the trial';
        const message = killed
          ? `the ${o.mode} runtime's process stopped responding during ${during} for ${o.deadlineMs + WATCHDOG_MARGIN_MS} ms`
          : `the process running the ${o.mode} runtime exited during ${during} (${signal ?? `code ${code}`})`;
        // The trial's own stage names (trial.mjs): its steps on the unmutated program are the good call.
        const stage = ['load', 'call', 'unload'].includes(step) ? step : step ? 'good call' : 'trial';
        onOutcome({ type: 'outcome', index: current, kind, stage, message });
        from = current + 1;
      } else if (from === start && code !== 0) {
        console.error(`mutate.mjs: the campaign's child process failed before its first trial (${signal ?? `code ${code}`})`);
        process.exit(2);
      }
      resolve(from);
    });
  });
}

function keepMutant(o, m, index, outcome) {
  if (!o.keep || o.replay) return;
  mkdirSync(o.keep, { recursive: true });
  const name = `${m.program.id.replace(/\W+/g, '_')}-seed${o.seed}-${index}`;
  writeFileSync(path.join(o.keep, `${name}.vmfb`), m.bytes);
  writeFileSync(path.join(o.keep, `${name}.json`), JSON.stringify({ program: m.program.id, seed: o.seed, index, description: m.description, outcome: { kind: outcome.kind, stage: outcome.stage, message: outcome.message } }, null, 1));
}

async function parent(o) {
  const { programs, count } = await campaign(o);
  const tally = new Tally();
  const started = performance.now();
  const record = (r) => {
    const m = mutantOf(o, programs, r.index);
    tally.add(m.program.id, `${o.replay ? o.replay : `mutant ${r.index}`}: ${m.description}`, r);
    if (FAILURES.includes(r.kind)) keepMutant(o, m, r.index, r);
  };
  let next = 0;
  while (next < count) {
    const ranAway = [];
    next = await runChild(o, next, (r) => {
      // A load runs the program's initializer, so it can run away as a call can.
      if (r.kind === 'timeout' || (r.kind === 'hang' && ['load', 'call'].includes(r.stage))) ranAway.push(r); // the reference decides below
      else record(r);
    });
    for (const r of ranAway) {
      const m = mutantOf(o, programs, r.index);
      const verdict = await referenceVerdict(m.bytes, m.program, o.deadlineMs);
      if (verdict === 'cannot run' && r.kind === 'hang' && (await workerVerdict(Weft, m.bytes, m.program, o.deadlineMs)) === 'endless') {
        record({ ...r, kind: 'endless', message: `${r.message}; a worker runtime has to stop it at ${o.deadlineMs} ms too (its wasm32 kernels run away; a direct runtime cannot interrupt them, as documented)` });
      } else if (verdict === 'endless') record({ ...r, kind: 'endless', message: `${r.message}; iree-run-module does not finish it within ${o.deadlineMs} ms either` });
      else if (verdict === 'cannot run' && r.kind === 'timeout') record({ ...r, kind: 'stopped', message: `${r.message} (iree-run-module cannot run its wasm32 kernels to say whether it ends)` });
      else record({ ...r, kind: 'hang', message: verdict === 'finishes' ? `${r.message}; iree-run-module finishes it` : r.message });
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const what = o.replay ? `replay of ${o.replay}` : `seed ${o.seed}, ${count} mutants of ${programs.length} programs`;
  console.log(tally.summary({ header: `mutation campaign, ${o.mode} mode, ${what}, deadline ${o.deadlineMs} ms: ${tally.total} trials in ${seconds} s` }));
  process.exit(tally.failed ? 1 : 0);
}

try {
  const o = options(process.argv.slice(2));
  await (o.child ? child(o) : parent(o));
} catch (e) {
  console.error(`mutate.mjs: ${e.message}`);
  process.exit(2);
}
