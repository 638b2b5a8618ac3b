// Small DOM helpers shared by the pages: element lookup, the cross-origin isolation badge,
// message areas, and busy states.

export function $(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`page is missing #${id}`);
  return el;
}

/** Fills #isolation with whether this page is cross-origin isolated (Weft needs it). */
export function showIsolation() {
  const el = $('isolation');
  const ok = globalThis.crossOriginIsolated === true;
  el.classList.toggle('ok', ok);
  el.classList.toggle('bad', !ok);
  el.textContent = ok
    ? 'Cross-origin isolated: yes (SharedArrayBuffer available)'
    : 'Cross-origin isolated: no. Weft runs on shared WebAssembly memory, which browsers only ' +
      'guarantee to cross-origin isolated pages: serve the page with the headers ' +
      'Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp ' +
      '(web/serve.mjs does).';
  return ok;
}

/** Shows `text` in a message element (`kind`: 'error' | 'info'), or hides it when text is empty. */
export function say(el, text, kind = 'info') {
  el.textContent = text;
  el.hidden = !text;
  el.classList.toggle('error', kind === 'error');
}

/** Error message text: the runtime's message, prefixed with what was being done. */
export function describe(what, error) {
  const message = error instanceof Error ? error.message : String(error);
  return `${what}: ${message}`;
}

/** Disables `controls` while `task` runs; returns the task's result. */
export async function busy(controls, task) {
  const before = controls.map((c) => c.disabled);
  controls.forEach((c) => (c.disabled = true));
  document.body.setAttribute('aria-busy', 'true');
  try {
    return await task();
  } finally {
    controls.forEach((c, i) => (c.disabled = before[i]));
    document.body.removeAttribute('aria-busy');
  }
}
