// The Vulkan builds of the test programs and the executables in them, for the GPU tests.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root, programDirectives, requireFile } from '../common.mjs';

/** Every program's Vulkan build (build-fixtures.sh makes one unless `// VULKAN-UNSUPPORTED:`). */
export function vulkanPrograms() {
  const suites = readdirSync(path.join(root, 'tests/programs'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  return suites.flatMap((suite) => programDirectives(suite).filter((p) => !p.vulkan_unsupported).map((p) => ({
    label: `${suite}/${p.name}.vulkan`,
    file: requireFile(path.join(root, 'tests/build', suite, `${p.name}.vulkan.vmfb`)),
  })));
}

/**
 * The `vulkan-spirv-fb` executables in a program's bytes: each a 64-byte header ('VKE1',
 * version 0, u64 size of the FlatBuffer after it) and that FlatBuffer, stored uncompressed.
 */
export function executablesIn(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = [];
  for (let at = 0; at + 64 <= bytes.length; at++) {
    if (bytes[at] !== 0x56 || view.getUint32(at, true) !== 0x31454b56 || view.getUint32(at + 4, true) !== 0) continue;
    const size = Number(view.getBigUint64(at + 8, true));
    if (at + 64 + size > bytes.length) continue;
    found.push(bytes.subarray(at, at + 64 + size));
    at += 64 + size - 1;
  }
  return found;
}

/** Each executable of every Vulkan build, labelled `<suite>/<name>.vulkan#<n>`. */
export function vulkanExecutables() {
  return vulkanPrograms().flatMap(({ label, file }) =>
    executablesIn(new Uint8Array(readFileSync(file))).map((bytes, n) => ({ program: label, label: `${label}#${n}`, bytes })));
}
