// The reference runtime's verdict on a mutant whose call did not finish in Weft: a mutation
// can make a program loop forever (a loop bound in the bytecode or in a VMVX kernel), and then
// not finishing is the right behaviour, not a hang of the runtime. iree-run-module runs the
// same call with the same deadline; it runs host-only and VMVX programs, not wasm32 kernels.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from '../../glue/tests/common.mjs';

/**
 * 'endless' when iree-run-module does not finish `program`'s call on `bytes` within `ms`
 * either, 'finishes' when it does (with results or an error), 'cannot run' when it cannot
 * load the program (wasm32 kernels).
 */
export function referenceVerdict(bytes, program, ms) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weft-mutant-'));
  const module = path.join(dir, 'mutant.vmfb');
  writeFileSync(module, bytes);
  const args = ['--device=local-sync', `--module=${module}`, `--function=${program.function}`, ...program.inputs.map((i) => `--input=${i}`)];
  return new Promise((resolve) => {
    // The .venv script runs the real binary as its child: kill the whole process group.
    const child = spawn(path.join(root, '.venv/bin/iree-run-module'), args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let endless = false;
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      endless = true;
      process.kill(-child.pid, 'SIGKILL');
    }, ms);
    child.on('exit', () => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      if (endless) resolve('endless');
      else if (/INCOMPATIBLE; HAL device .* not found or unavailable/.test(stderr)) resolve('cannot run');
      else resolve('finishes');
    });
  });
}

/**
 * For a direct runtime's call that never returned on a program the reference cannot run:
 * 'endless' when a worker runtime, which can stop a call, also has to stop it at `ms`
 * (TIMEOUT: the program's own code runs away, which a direct runtime documents it cannot
 * interrupt), 'finishes' otherwise.
 */
export async function workerVerdict(Weft, bytes, program, ms) {
  const rt = await Weft.create();
  try {
    const loaded = await rt.load(bytes, { timeoutMs: ms });
    await loaded.call(program.function, program.args(), { timeoutMs: ms });
    return 'finishes';
  } catch (e) {
    return e?.code === 'TIMEOUT' ? 'endless' : 'finishes';
  } finally {
    await rt.close();
  }
}
