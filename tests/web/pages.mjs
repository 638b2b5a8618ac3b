// What a user does on web/index.html and web/benchmarks.html, as Playwright steps. Every
// action waits until the page is no longer busy (the pages set aria-busy on <body> while the
// runtime works) and returns what the page then shows.

async function settled(page) {
  await page.waitForFunction(() => !document.body.hasAttribute('aria-busy') && !document.getElementById('program-status').textContent.startsWith('Loading'));
}

async function text(page, selector) {
  const el = page.locator(selector);
  return (await el.isVisible()) ? (await el.textContent()).trim() : '';
}

/** Loading outcome: {status, error} as shown. */
async function loadOutcome(page) {
  await settled(page);
  return { status: await text(page, '#program-status'), error: await text(page, '#load-error') };
}

/** Picks a file with the file input: a path, or {name, mimeType, buffer}. */
export async function loadFile(page, file) {
  await page.setInputFiles('#file-input', file);
  return loadOutcome(page);
}

export async function loadUrl(page, url) {
  await page.fill('#url-input', url);
  await page.getByRole('button', { name: 'Load URL' }).click();
  return loadOutcome(page);
}

export async function loadSample(page, id) {
  await page.getByRole('button', { name: `Load ${id}` }).click();
  return loadOutcome(page);
}

/** Calls on index.html; `inputs` null keeps what the form holds. Returns {outputs, time, error}. */
export async function call(page, fn, inputs, iterations = 1) {
  if (fn !== null) await page.fill('#function-name', fn);
  if (inputs !== null) await page.fill('#inputs', inputs.join('\n'));
  await page.fill('#iterations', String(iterations));
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await settled(page);
  return {
    outputs: await page.locator('#outputs').textContent(),
    time: await text(page, '#call-time'),
    error: await text(page, '#call-error'),
  };
}

/** Runs a benchmark on benchmarks.html; returns {rows: [[cell text]], error}. */
export async function benchmark(page, fn, inputs, calls) {
  if (fn !== null) await page.selectOption('#bench-function', fn);
  if (inputs !== null) await page.fill('#bench-inputs', inputs.join('\n'));
  await page.fill('#bench-calls', String(calls));
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  await settled(page);
  const rows = await page.locator('#results-body tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  return { rows, error: await text(page, '#bench-error') };
}
