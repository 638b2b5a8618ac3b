// The kernel table (glue/target/kernel-table.mjs) is the one source of Weft's kernel ABI: the
// checked-in transform spec and kernel lists must be what gen-spec.mjs makes of it, and the
// built kernel modules must export what the list says.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KERNELS, ENTRIES } from '../target/kernel-table.mjs';
import { root } from './common.mjs';

test('spec.mlir, signatures.rs and signatures.json are what gen-spec.mjs generates', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'glue/target/gen-spec.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('every kernel of the table is declared in the spec and listed with its parameter count', () => {
  const spec = readFileSync(path.join(root, 'glue/target/spec.mlir'), 'utf8');
  const json = JSON.parse(readFileSync(path.join(root, 'glue/kernels/signatures.json'), 'utf8'));
  assert.deepEqual(json.map((k) => k.symbol), KERNELS.map((k) => k.symbol));
  for (const k of KERNELS) {
    const decl = new RegExp(`func\\.func private @${k.symbol}\\(([^)]*)\\)`).exec(spec);
    assert.ok(decl, `${k.symbol} is not declared in spec.mlir`);
    assert.equal(decl[1].split(',').length, k.params.length, k.symbol);
  }
  for (const e of ENTRIES) assert.match(spec, new RegExp(`stream\\.executable\\.export public @${e.name} `), e.name);
});

test('check-module.mjs accepts both built kernel modules and refuses one missing a kernel', () => {
  const check = path.join(root, 'glue/kernels/check-module.mjs');
  for (const variant of ['simd128', 'relaxed']) {
    execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', check, path.join(root, `glue/pkg/weft_kernels_${variant}.wasm`)]);
  }
  // The runtime's own module imports more than env.memory and exports no kernels.
  const r = spawnSync(process.execPath, [check, path.join(root, 'glue/pkg/weft_runtime_bg.wasm')], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
});
