// Helpers for the package tests: Weft as users meet it, from the packed tarball installed into
// a fresh project outside the checkout. The tarball is made once per run (tests/run-all.sh packs
// it and sets WEFT_TARBALL; otherwise the first test that asks packs it, `prepack` included).

import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const packDir = path.join(root, 'tests/build/package');

/** Runs a command; resolves with {code, stdout, stderr} (never rejects on a non-zero exit). */
export function run(file, args, options = {}) {
  return new Promise((resolve) => {
    execFile(file, args, { maxBuffer: 64 << 20, ...options }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

/** Runs a command that must succeed; returns its stdout. */
export async function must(file, args, options = {}) {
  const r = await run(file, args, options);
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.code}):\n${r.stderr || r.stdout}`);
  return r.stdout;
}

/** The packed tarball's path. */
export async function tarball() {
  if (process.env.WEFT_TARBALL) return process.env.WEFT_TARBALL;
  mkdirSync(packDir, { recursive: true });
  for (const f of readdirSync(packDir)) if (f.endsWith('.tgz')) rmSync(path.join(packDir, f));
  await must('npm', ['pack', '--pack-destination', packDir], { cwd: root });
  const [file] = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  return path.join(packDir, file);
}

/**
 * A fresh project in the system's temporary directory: `example` (a folder of web/examples)
 * copied in, then the tarball and `packages` installed with npm. Returns its directory;
 * `cleanup()` removes it.
 */
export async function project(example, packages = []) {
  const dir = mkdtempSync(path.join(tmpdir(), `weft-${example ?? 'project'}-`));
  if (example) cpSync(path.join(root, 'web/examples', example), dir, { recursive: true });
  if (!existsSync(path.join(dir, 'package.json'))) writeFileSync(path.join(dir, 'package.json'), '{"private": true, "type": "module"}\n');
  await must('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', await tarball(), ...packages], { cwd: dir });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The reference runtime's recorded single calls of a sample program (tests/build/samples). */
export { oracleCalls, samplePath } from '../web/browser.mjs';
