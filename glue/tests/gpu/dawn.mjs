// Running a script on Dawn (the npm `webgpu` package) and its SwiftShader adapter, in a process
// of its own: Dawn reaches SwiftShader through the Vulkan loader and driver Debian's Chromium
// ships, which the process's environment must name from its start; and Dawn prints to stdout,
// so the scripts report through a file.

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import path from 'node:path';
import { root } from '../common.mjs';

const CHROMIUM_LIBS = '/usr/lib/chromium';
const SWIFTSHADER_ICD = path.join(CHROMIUM_LIBS, 'vk_swiftshader_icd.json');

/** The environment that gives Dawn the SwiftShader adapter. */
export const DAWN_ENV = { ...process.env, LD_LIBRARY_PATH: CHROMIUM_LIBS, VK_ICD_FILENAMES: SWIFTSHADER_ICD };

/**
 * Runs glue/tests/gpu/`script` with `args` after the path of its report, in `env`; returns the
 * report it wrote (JSON).
 */
export function runReporting(script, args = [], env = DAWN_ENV) {
  assert.ok(existsSync(SWIFTSHADER_ICD), `${SWIFTSHADER_ICD} is missing: install Chromium (apt-get install chromium), whose SwiftShader driver is the tests' WebGPU adapter`);
  const report = path.join(root, 'tests/build', `${path.basename(script, '.mjs')}-${args.join('-') || 'report'}.json`);
  rmSync(report, { force: true });
  const run = spawnSync(process.execPath, [path.join(root, 'glue/tests/gpu', script), report, ...args], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, `${script} ${args.join(' ')} failed (${run.signal ?? run.status}):\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(readFileSync(report, 'utf8'));
}
