// Kernels on one thread. The runtime's thread and every pool worker each have their own
// instance of the runtime module; this class holds one thread's side-module instances. It has
// the one function that instantiates a linked side module (so every thread gives kernels the
// same imports) and the trampoline every kernel call goes through (glue/wasm-loader/src/pool.rs).
//
// Each side module gets a function table of its own (its kernels at the slots the loader
// says), and each kernel a handle, the same number on every thread, that the runtime calls it
// by. Tables per module rather than slots in the runtime's table: V8 keeps every instance that
// imports a table alive for as long as that table lives, so kernels in the runtime's table
// would keep every unloaded program's instances (Node 20 grew by ~57 KB per load/unload).
//
// The trampoline catches anything a kernel call throws (a trap, a stack overflow, a value the
// engine cannot pass), writes the message where Rust asked and re-instantiates the module so
// its stack pointer starts over: nothing ever unwinds through the runtime's Rust frames.

import { KERNEL_NAMESPACE, importsKernels, kernelExports } from './kernels.mjs';

const encoder = new TextEncoder();

// (module (type (func (param i32 i32 i32 i32 i32) (result i32)))
//         (import "js" "call" (func (type 0))) (export "call" (func 0)))
// Re-exporting the imported JS function makes it a wasm function a table can hold.
const TRAMPOLINE_MODULE = Uint8Array.of(
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x0a, 0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f,
  0x02, 0x0b, 0x01, 0x02, 0x6a, 0x73, 0x04, 0x63, 0x61, 0x6c, 0x6c, 0x00, 0x00,
  0x07, 0x08, 0x01, 0x04, 0x63, 0x61, 0x6c, 0x6c, 0x00, 0x00,
);

/** Bytes of pool.rs `TrapText`: a u32 length, then the message. */
const TRAP_TEXT_BYTES = 128;

export class KernelHost {
  #memory;
  #runtime;
  #compiledKernels;
  /** This thread's instance of Weft's kernel module (glue/js/kernels.mjs), once needed. */
  #kernels = null;
  /** Handle -> the kernel function (a sparse array: handles are small integers). */
  #functions = [];
  /** Handle -> the side module it belongs to: {module, tableBase, handleBase, count, stackTop}. */
  #owners = [];

  /**
   * `runtime`: this thread's runtime module exports (kernels import libm from them);
   * `compiledKernels()`: a Promise of Weft's compiled kernel module, asked for only when a
   * side module imports it.
   */
  constructor({ memory, runtime, compiledKernels }) {
    this.#memory = memory;
    this.#runtime = runtime;
    this.#compiledKernels = compiledKernels;
  }

  // Every side module on every thread gets its imports here.
  #imports(owner, table) {
    return {
      env: {
        memory: this.#memory,
        __indirect_function_table: table,
        __weft_stack_top: new WebAssembly.Global({ value: 'i32', mutable: false }, owner.stackTop),
      },
      weft: this.#runtime,
      [KERNEL_NAMESPACE]: this.#kernels,
    };
  }

  // A fresh table for `owner`'s module, and its kernels' handles pointed into it once the
  // module is instantiated on it (`place`).
  #table(owner) {
    const table = new WebAssembly.Table({ initial: owner.tableBase + owner.count, element: 'anyfunc' });
    const place = () => {
      for (let k = 0; k < owner.count; k++) {
        this.#functions[owner.handleBase + k] = table.get(owner.tableBase + k);
        this.#owners[owner.handleBase + k] = owner;
      }
    };
    return { table, place };
  }

  /**
   * Instantiates a linked side module whose kernels sit at slots [tableBase, tableBase +
   * count) of its own table, reached through handles [handleBase, handleBase + count), with
   * its stack ending at `stackTop`. Nothing is written to memory (its data is passive: the
   * runtime's thread runs `__weft_init` once), so a worker may instantiate late, even after the
   * program was unloaded. Returns the instance.
   */
  async instantiate({ module, tableBase, handleBase, count, stackTop }) {
    if (!this.#kernels && importsKernels(module)) this.#kernels = (await kernelExports(this.#memory, this.#compiledKernels)).exports;
    const owner = { module, tableBase, handleBase, count, stackTop };
    const { table, place } = this.#table(owner);
    const instance = await WebAssembly.instantiate(module, this.#imports(owner, table));
    place();
    return instance;
  }

  /** Forgets the kernels of handles [handleBase, handleBase + count). */
  release(handleBase, count) {
    for (let h = handleBase; h < handleBase + count; h++) {
      delete this.#functions[h];
      delete this.#owners[h];
    }
  }

  /** Puts the kernel trampoline in slot `slot` of this thread's runtime table (the same slot on every thread). */
  installTrampoline(table, slot) {
    const functions = this.#functions;
    const call = (kernel, env, state, workgroup, trap) => {
      try {
        return functions[kernel](env, state, workgroup);
      } catch (e) {
        let message = e?.message || e?.name || String(e);
        if (functions[kernel] === undefined) message = `no kernel has handle ${kernel}`;
        else {
          try {
            this.#recover(kernel);
          } catch (r) {
            message += `; its module could not be reset (${r.message})`;
          }
        }
        // encode + set: browsers refuse encodeInto on a shared buffer. Rust decodes lossily, so
        // a character cut at the end is harmless.
        const text = encoder.encode(message).subarray(0, TRAP_TEXT_BYTES - 4);
        new Uint8Array(this.#memory.buffer, trap + 4, text.length).set(text);
        new DataView(this.#memory.buffer).setUint32(trap, Math.max(text.length, 1), true);
        return 1;
      }
    };
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(TRAMPOLINE_MODULE), { js: { call } });
    if (table.length <= slot) table.grow(slot + 1 - table.length);
    table.set(slot, exports.call);
  }

  // A trap leaves the module's stack pointer wherever the trapped frames had moved it: a fresh
  // instance (same memory, data already initialised) with a fresh table starts at its top.
  #recover(kernel) {
    const owner = this.#owners[kernel];
    if (!owner || owner.stackTop === 0) return; // no stack, nothing to reset
    // Synchronous: a pool worker runs dispatches without returning to its event loop.
    const { table, place } = this.#table(owner);
    new WebAssembly.Instance(owner.module, this.#imports(owner, table));
    place();
  }
}
