// The API of IREE's experimental web sample (sample_dynamic/iree_api.js), on Weft: pages
// written against it keep working. Functions resolve as the sample's did; failures reject with
// a WeftError carrying Weft's message. iree_api.mjs (browsers) and iree_api.node.mjs make it
// for their platform's Weft.

import { WeftError } from './errors.mjs';

/**
 * The seed API's functions over `Weft` (the platform's Weft object), as iree_api.d.ts declares them.
 * @param {typeof import('./weft.js').Weft} Weft
 * @returns {typeof import('./iree_api.js')}
 */
export function createSeedApi(Weft) {
  let runtime = null;

  function need() {
    if (!runtime) throw new WeftError('BAD_ARGUMENT', 'call ireeInitializeWorker() first');
    return runtime;
  }

  /** Starts the worker. Resolves with no value once it is ready. */
  async function ireeInitializeWorker(options = {}) {
    if (!runtime) runtime = await Weft.create(options);
  }

  /**
   * Loads a .vmfb from a path/URL or an ArrayBuffer; resolves with an opaque program handle.
   * `options.parameters`: the program's parameter files, and `options.device` ('auto',
   * 'webgpu' or 'cpu'), as Weft's load takes them.
   */
  async function ireeLoadProgram(vmfbPathOrBuffer, options = {}) {
    return need().load(vmfbPathOrBuffer, { parameters: options?.parameters, device: options?.device });
  }

  /** Prints the program's properties (as the sample did, to the console); resolves with the text. */
  async function ireeInspectProgram(programState) {
    const text = await programState.inspect();
    console.log(text);
    return text;
  }

  async function ireeUnloadProgram(programState) {
    await programState.unload();
  }

  /**
   * Calls a function. `inputs`: an array of strings or one ';'-separated string, each in
   * iree-run-module's --input syntax; as in the sample, an array is joined with ';' first, an
   * empty text is no inputs and any other is split on ';' (so [""], what the sample's page sent
   * for an empty inputs box, calls a function without inputs). `iterations` (default 1; a
   * numeric string, as the sample's page passed it, counts too): the function runs that many
   * times on inputs parsed once. Resolves with {total_invoke_time_ms: the calls' whole
   * milliseconds, outputs: the last call's results, ';'-separated}.
   */
  /**
   * @param {import('./weft.js').Program} programState
   * @param {string} functionName
   * @param {string | string[]} inputs
   * @param {number | string} [iterations]
   */
  async function ireeCallFunction(programState, functionName, inputs, iterations = 1) {
    let joined;
    if (Array.isArray(inputs)) joined = inputs.join(';');
    else if (typeof inputs === 'string') joined = inputs;
    else throw new WeftError('BAD_ARGUMENT', "Expected 'inputs' to be a String or an array of Strings");
    const { results, total_invoke_time_ms } = await programState.callText(functionName, joined === '' ? [] : joined.split(';'), {
      seed: true,
      iterations: typeof iterations === 'string' && iterations.trim() !== '' ? Number(iterations) : /** @type {number} */ (iterations),
    });
    return { total_invoke_time_ms, outputs: results.join(';') };
  }

  return { ireeInitializeWorker, ireeLoadProgram, ireeInspectProgram, ireeUnloadProgram, ireeCallFunction };
}
