// The messages between a Weft proxy (caller's thread) and its worker: one discriminated union.
//
// Every request is {type, id, in}; the worker answers each with the same type and id and
// either `out` (success) or `err` (failure, a wire error of errors.mjs). A load may also send
// any number of {type: 'progress', id, progress} before its answer. Replies are matched to
// requests by id, so several requests may be in flight. A call may instead travel through the
// call lane the create request brought (call-lane.mjs), in the same shapes.
//
// Replies, by request type (`out`):
//   create   -> {}
//   load     -> {program: number, name: string, functions: FunctionInfo[]}
//   call     -> {results: Array<number|bigint|Tensor|null>}   (tensor buffers transferred)
//   callText -> {results: string[], total_invoke_time_ms: number, trace: string}
//   inspect  -> {text: string}
//   unload   -> {}
//   info     -> {threads: number, threading: string}

/**
 * @typedef {{type: 'create', id: number, in: {options: object, lane?: SharedArrayBuffer}}
 *         | {type: 'load', id: number, in: {source: ArrayBuffer | string, cache?: boolean | string, progress: boolean, parameters?: object}}
 *         | {type: 'call', id: number, in: {program: number, name: string, args: Array<number|bigint|object>}}
 *         | {type: 'callText', id: number, in: {program: number, name: string, inputs: Array<string|{npy: Uint8Array}>, seed: boolean, iterations: number}}
 *         | {type: 'inspect', id: number, in: {program: number} | {source: ArrayBuffer | string}}
 *         | {type: 'unload', id: number, in: {program: number}}
 *         | {type: 'info', id: number, in: {}}} WeftRequest
 * @typedef {{type: WeftRequest['type'], id: number, out: object}
 *         | {type: WeftRequest['type'], id: number, err: {code: string, message: string, syscallCode?: string}}
 *         | {type: 'progress', id: number, progress: {stage: string, loaded?: number, total?: number}}
 *         | {type: 'lane', id: number}} WeftReply   (call `id`'s reply is in the call lane)
 */

import { toWire } from './errors.mjs';

/** Request types the worker understands (its switch has one case each). */
export const REQUEST_TYPES = Object.freeze(['create', 'load', 'call', 'callText', 'inspect', 'unload', 'info']);

/** @returns {WeftRequest} */
export function request(type, id, input) {
  if (!REQUEST_TYPES.includes(type)) throw new Error(`unknown Weft request type '${type}'`);
  return { type, id, in: input };
}

/** @returns {WeftReply} */
export function success(req, out) {
  return { type: req.type, id: req.id, out };
}

/** @returns {WeftReply} */
export function failure(req, error) {
  return { type: req.type, id: req.id, err: toWire(error) };
}

/** @returns {WeftReply} */
export function progress(req, report) {
  return { type: 'progress', id: req.id, progress: report };
}
