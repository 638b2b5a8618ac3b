// What differs between browsers and Node: reading bytes from a URL or path, starting a worker,
// and the worker's side of the channel. Both sides speak postMessage with transfer lists.

export const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/** Bytes of a URL (browser: fetch; Node: fetch for http(s), the file system otherwise). */
export async function readBytes(location) {
  const text = String(location);
  if (isNode && !/^(https?|data|blob):/i.test(text)) {
    const fs = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    const path = text.startsWith('file:') ? fileURLToPath(text) : text;
    const buf = await fs.readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  const response = await fetch(location);
  if (!response.ok) throw new Error(`cannot fetch ${text}: HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Starts `url` (an ES module) as a worker. Returns {post(msg, transfer), onMessage(fn),
 * onFailure(fn), hold(busy), terminate()}.
 */
export async function startWorker(url, name) {
  if (isNode) {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(url, { name });
    return {
      post: (m, t) => w.postMessage(m, t),
      onMessage: (fn) => w.on('message', fn),
      onFailure: (fn) => {
        w.on('error', fn);
        w.on('exit', (code) => fn(new Error(`the Weft worker exited (code ${code})`)));
      },
      // An idle worker must not keep Node alive; a busy one must.
      hold: (busy) => (busy ? w.ref() : w.unref()),
      terminate: () => w.terminate(),
    };
  }
  const w = new Worker(url, { type: 'module', name });
  return {
    post: (m, t) => w.postMessage(m, t),
    onMessage: (fn) => w.addEventListener('message', (e) => fn(e.data)),
    onFailure: (fn) => {
      w.addEventListener('error', (e) => { e.preventDefault?.(); fn(new Error(`the Weft worker failed: ${e.message ?? 'error'}`)); });
      w.addEventListener('messageerror', () => fn(new Error('the Weft worker sent a message that could not be read')));
    },
    hold: () => {},
    terminate: () => w.terminate(),
  };
}

/** The worker's end of the channel: {post(msg, transfer), onMessage(fn)}. */
export async function workerChannel() {
  if (isNode) {
    const { parentPort } = await import('node:worker_threads');
    return { post: (m, t) => parentPort.postMessage(m, t), onMessage: (fn) => parentPort.on('message', fn) };
  }
  return {
    post: (m, t) => self.postMessage(m, t),
    onMessage: (fn) => self.addEventListener('message', (e) => fn(e.data)),
  };
}

// The smallest module using a relaxed-SIMD instruction: () -> v128 = f32x4.relaxed_madd of
// three zero vectors.
const RELAXED_SIMD_PROBE = (() => {
  const zero = [0xfd, 0x0c, ...new Array(16).fill(0)]; // v128.const 0
  const body = [0x00, ...zero, ...zero, ...zero, 0xfd, 0x85, 0x02, 0x0b];
  return new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0, 10, body.length + 2, 1, body.length, ...body]);
})();

/** Whether this engine runs relaxed SIMD (Chromium 114+, Node 22+, Node 20 with a flag). */
export const hasRelaxedSimd = () => WebAssembly.validate(RELAXED_SIMD_PROBE);
