// The seed-compatible API (IREE's experimental/web/sample_dynamic/iree_api.js) on Weft.
import type { CreateOptions, Device, ParameterSources, Program } from './weft.js';

/** Opaque program handle. */
export type ProgramState = Program;

/** Starts the runtime worker; resolves with no value when it is ready. */
export function ireeInitializeWorker(options?: CreateOptions): Promise<void>;
/** Loads a .vmfb from a path/URL or an ArrayBuffer; `parameters` and `device` as Weft's `load` takes them. */
export function ireeLoadProgram(vmfbPathOrBuffer: string | ArrayBuffer | ArrayBufferView, options?: { parameters?: ParameterSources; device?: Device }): Promise<ProgramState>;
/** Prints the program's properties to the console; resolves with the same text. */
export function ireeInspectProgram(programState: ProgramState): Promise<string>;
export function ireeUnloadProgram(programState: ProgramState): Promise<void>;
/**
 * Calls a function with iree-run-module style inputs (an array, joined with ';', or one
 * ';'-separated string; an empty text is no inputs, so `[""]` too). `iterations` (default 1):
 * runs on inputs parsed once, a whole number from 1 (else a RangeError). `outputs` is the last
 * call's ';'-separated results (`f32=1.000000`, `i32=3`); `total_invoke_time_ms` times the calls alone.
 */
export function ireeCallFunction(
  programState: ProgramState,
  functionName: string,
  inputs: string | string[],
  iterations?: number | string,
): Promise<{ total_invoke_time_ms: number; outputs: string }>;
