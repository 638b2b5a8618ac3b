// glue/wgsl's translator (glue/pkg/weft_wgsl.wasm, built by glue/wgsl/build.sh): IREE's Vulkan
// executables as WGSL compute pipelines, for the WebGPU device (glue/js/gpu/ holds its JS; it
// joins the npm package with the device). A module of its own, compiled on first use, so pages
// that never run a GPU program never download it.

import { WeftError } from '../errors.mjs';

/** The adapter limits the translator checks each pipeline against, in its argument order. */
const LIMITS = [
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupStorageSize',
  'maxStorageBuffersPerShaderStage',
  'maxBindGroups',
];

export class Translator {
  #module;
  #instance = null;

  /** @param {WebAssembly.Module} module the compiled translator */
  constructor(module) {
    this.#module = module;
  }

  /** @param {BufferSource} bytes the translator module's bytes */
  static async compile(bytes) {
    return new Translator(await WebAssembly.compile(bytes));
  }

  /**
   * The executable `name` (its bytes as the program holds them) as WGSL: `{shaders, pipelines}`,
   * each pipeline checked against `limits` (a GPUSupportedLimits). Throws a WeftError.
   */
  translate(name, bytes, limits) {
    const missing = LIMITS.filter((key) => typeof limits?.[key] !== 'number');
    if (missing.length) throw new WeftError('BAD_ARGUMENT', `limits lack ${missing.join(', ')}; expected a GPUSupportedLimits`);
    const label = new TextEncoder().encode(name);
    const exports = (this.#instance ??= new WebAssembly.Instance(this.#module)).exports;
    let translated;
    try {
      const at = exports.wgsl_input(label.length + bytes.length);
      const input = new Uint8Array(exports.memory.buffer, at, label.length + bytes.length);
      input.set(label);
      input.set(bytes, label.length);
      translated = exports.wgsl_translate(label.length, ...LIMITS.map((key) => limits[key]));
    } catch (e) {
      // A trap: naga panicked on the SPIR-V. The next call starts a fresh instance.
      this.#instance = null;
      throw new WeftError('INVALID_PROGRAM', `executable '${name}' stopped the WGSL translator (${e.message}); expected SPIR-V it can read`, { cause: e });
    }
    const output = new Uint8Array(exports.memory.buffer, exports.wgsl_output(), exports.wgsl_output_len());
    const result = JSON.parse(new TextDecoder().decode(output));
    if (!translated) throw new WeftError(result.code, result.message);
    return result;
  }
}
