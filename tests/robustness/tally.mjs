// Counts the campaign's outcomes and prints its summary: how many mutants ran, were rejected,
// made a program that never finishes (under the reference runtime too), ran away and were
// stopped by the request's timeout, lost the runtime (said so), hung, crashed the runtime or
// poisoned it; rejections grouped by the first words of their message; messages that do not
// say what was wrong.

const KINDS = ['ran', 'rejected', 'endless', 'stopped', 'lost', 'hang', 'crash', 'poisoned'];
const LABELS = {
  ran: 'loaded and called',
  rejected: 'rejected with an Error',
  endless: 'endless (confirmed too)',
  stopped: 'stopped at timeoutMs',
  lost: 'runtime lost (said so)',
  hang: 'hangs (deadline expired)',
  crash: 'crashes',
  poisoned: 'poisoned runtime',
};
/** Kinds that fail the campaign. */
export const FAILURES = ['hang', 'crash', 'poisoned'];

// Engine texts that name no cause when they reach the caller as they are.
const BARE = /^(RuntimeError: )?(unreachable( executed)?|memory access out of bounds|null function or function signature mismatch|table index is out of bounds|integer (overflow|divide by zero)|undefined)$/i;

/** Why a rejection's error does not tell the user what was wrong, or null. */
export function unclear(error) {
  if (!(error instanceof Error)) return `not an Error: ${String(error)}`;
  if (!error.message?.trim()) return `${error.name} without a message`;
  if (error.name !== 'WeftError' || !error.code) return `a ${error.name} escaped (${error.message})`;
  if (BARE.test(error.message.trim())) return `no context: '${error.message}'`;
  return null;
}

/** A message's group: its first words, with numbers and quoted names blanked out. */
export function group(message) {
  const words = String(message)
    .replace(/'[^']*'|`[^`]*`|"[^"]*"/g, "'…'")
    .replace(/0x[0-9a-f]+|\d+/gi, 'N')
    .split(/\s+/)
    .filter(Boolean);
  return words.slice(0, 10).join(' ');
}

export class Tally {
  counts = Object.fromEntries(KINDS.map((k) => [k, 0]));
  differs = 0;
  perProgram = new Map();
  groups = new Map();
  unclear = [];
  failures = [];

  /** Adds one mutant's outcome ({kind, stage, message, unclear?}) of `program` (`mutant`: its description). */
  add(program, mutant, outcome) {
    this.counts[outcome.kind]++;
    if (outcome.kind === 'ran' && outcome.differs) this.differs++;
    const per = this.perProgram.get(program) ?? Object.fromEntries(KINDS.map((k) => [k, 0]));
    per[outcome.kind]++;
    this.perProgram.set(program, per);
    if (outcome.kind === 'rejected') {
      const key = `${outcome.stage}: ${group(outcome.message)}`;
      const g = this.groups.get(key) ?? { count: 0, example: outcome.message };
      g.count++;
      this.groups.set(key, g);
      if (outcome.unclear) this.unclear.push({ program, mutant, why: outcome.unclear });
    }
    if (FAILURES.includes(outcome.kind)) this.failures.push({ program, mutant, outcome });
  }

  get total() {
    return KINDS.reduce((s, k) => s + this.counts[k], 0);
  }

  get failed() {
    return this.failures.length > 0;
  }

  summary({ header, groups = 25 }) {
    const lines = [header];
    for (const k of KINDS) {
      const extra = k === 'ran' && this.differs ? `   (results differ from the reference: ${this.differs})` : '';
      lines.push(`  ${LABELS[k].padEnd(26)} ${String(this.counts[k]).padStart(7)}${extra}`);
    }
    lines.push(`  ${'unclear error messages'.padEnd(26)} ${String(this.unclear.length).padStart(7)}`);
    lines.push(`per program (${KINDS.join(' / ')}):`);
    for (const [p, c] of this.perProgram) lines.push(`  ${p.padEnd(34)} ${KINDS.map((k) => c[k]).join(' / ')}`);
    const sorted = [...this.groups].sort((a, b) => b[1].count - a[1].count);
    lines.push(`rejections by message (${sorted.length} groups${sorted.length > groups ? `, top ${groups}` : ''}):`);
    for (const [key, g] of sorted.slice(0, groups)) lines.push(`  ${String(g.count).padStart(6)}  ${key}\n          e.g. ${g.example.split('\n')[0].slice(0, 200)}`);
    for (const u of this.unclear.slice(0, 20)) lines.push(`  UNCLEAR ${u.program}: ${u.why} [${u.mutant}]`);
    for (const f of this.failures) lines.push(`  ${f.outcome.kind.toUpperCase()} ${f.program} (${f.outcome.stage}): ${f.outcome.message} [${f.mutant}]`);
    return lines.join('\n');
  }
}
