// The JavaScript glue type-checks (tsc --checkJs, glue/js/tsconfig.json), and the objects it
// exports conform to the declarations users get: weft.mjs and weft.node.mjs declare `Weft` with
// weft.d.ts's type, so a runtime or program class missing a declared method fails here.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { root } from './common.mjs';

test('glue/js type-checks against weft.d.ts and iree_api.d.ts', async () => {
  const tsc = path.join(root, 'node_modules/.bin/tsc');
  const { code, out } = await new Promise((resolve) => execFile(tsc, ['-p', path.join(root, 'glue/js')], (e, stdout, stderr) => resolve({ code: e ? e.code : 0, out: stdout + stderr })));
  assert.equal(code, 0, out);
});
