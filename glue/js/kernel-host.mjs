// Kernels on one thread. The runtime's thread and every pool worker each have their own
// instance of the runtime module and their own function table; this class holds one thread's
// side-module instances. It has the one function that instantiates a linked side module (so
// every thread gives kernels the same imports) and the trampoline every kernel call goes
// through (glue/src/pool.rs): it catches a kernel's wasm trap, writes the engine's message
// where Rust asked, and re-instantiates the trapped module so its stack pointer starts over.

import { KERNEL_NAMESPACE, kernelImports } from './kernels.mjs';

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
  #table;
  #runtime;
  /** This thread's instance of Weft's kernel module (glue/js/kernels.mjs), once needed. */
  #kernels = null;
  /** Table slot -> {module, stackTop} of the side module whose kernel sits there. */
  #owners = new Map();

  /** `runtime`: this thread's runtime module exports (kernels import libm from them). */
  constructor({ memory, table, runtime }) {
    this.#memory = memory;
    this.#table = table;
    this.#runtime = runtime;
  }

  // Every side module on every thread gets its imports here.
  #imports(stackTop) {
    return {
      env: {
        memory: this.#memory,
        __indirect_function_table: this.#table,
        __weft_stack_top: new WebAssembly.Global({ value: 'i32', mutable: false }, stackTop),
      },
      weft: this.#runtime,
      [KERNEL_NAMESPACE]: this.#kernels,
    };
  }

  #grow(end) {
    if (this.#table.length < end) this.#table.grow(end - this.#table.length);
  }

  /**
   * Instantiates a linked side module whose kernels go to table slots [base, base + count)
   * (its element segment puts them there) with its stack ending at `stackTop`. Nothing is
   * written to memory (its data is passive: the runtime's thread runs `__weft_init` once), so
   * a worker may instantiate late, even after the program was unloaded. Returns the instance.
   */
  async instantiate(module, base, count, stackTop) {
    this.#grow(base + count);
    this.#kernels ??= await kernelImports(this.#memory);
    const instance = await WebAssembly.instantiate(module, this.#imports(stackTop));
    const owner = { module, stackTop };
    for (let i = base; i < base + count; i++) this.#owners.set(i, owner);
    return instance;
  }

  /** Forgets the kernels in slots [base, base + count) and clears the slots. */
  release(base, count) {
    for (let i = base; i < base + count; i++) {
      this.#owners.delete(i);
      if (i < this.#table.length) this.#table.set(i, null);
    }
  }

  /** Puts the kernel trampoline in table slot `slot` (the same slot on every thread). */
  installTrampoline(slot) {
    const table = this.#table;
    const call = (kernel, env, state, workgroup, trap) => {
      try {
        return table.get(kernel)(env, state, workgroup);
      } catch (e) {
        // A RangeError is a kernel that exhausted the call stack; anything else is not a trap.
        if (!(e instanceof WebAssembly.RuntimeError || e instanceof RangeError)) throw e;
        let message = e.message || e.name;
        try {
          this.#recover(kernel);
        } catch (r) {
          message += `; its module could not be reset (${r.message})`;
        }
        // encode + set: browsers refuse encodeInto on a shared buffer. Rust decodes lossily, so
        // a character cut at the end is harmless.
        const text = encoder.encode(message).subarray(0, TRAP_TEXT_BYTES - 4);
        new Uint8Array(this.#memory.buffer, trap + 4, text.length).set(text);
        new DataView(this.#memory.buffer).setUint32(trap, Math.max(text.length, 1), true);
        return 1;
      }
    };
    const module = new WebAssembly.Module(TRAMPOLINE_MODULE);
    const { exports } = new WebAssembly.Instance(module, { js: { call } });
    this.#grow(slot + 1);
    this.#table.set(slot, exports.call);
  }

  // A trap leaves the module's stack pointer wherever the trapped frames had moved it: a fresh
  // instance (same memory, same slots, data already initialised) starts again at its top.
  #recover(kernel) {
    const owner = this.#owners.get(kernel);
    if (!owner || owner.stackTop === 0) return; // no stack, nothing to reset
    new WebAssembly.Instance(owner.module, this.#imports(owner.stackTop));
  }
}
