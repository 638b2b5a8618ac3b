// Basic accessibility of both pages, checked in Chromium: every form control and button has an
// accessible name, message areas are live regions, and the pages work from the keyboard
// (load a sample and call with Tab/Enter only).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openBrowser, oracleCalls } from './browser.mjs';

let browser;
before(async () => { browser = await openBrowser(); });
after(async () => { await browser?.close(); });

/** Controls (input, select, textarea, button) without an accessible name, as "tag#id". */
async function unnamedControls(page) {
  return page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent.trim())))
    .map((el) => `${el.tagName.toLowerCase()}#${el.id}`));
}

for (const pageName of ['index.html', 'benchmarks.html']) {
  test(`${pageName}: every control is named, messages are announced`, async () => {
    const page = await browser.newPage(pageName);
    await page.getByRole('button', { name: 'Load collatz' }).click();
    await page.waitForFunction(() => /^Loaded /.test(document.getElementById('program-status').textContent));
    assert.deepEqual(await unnamedControls(page), []);
    assert.equal(await page.getAttribute('#load-error', 'role'), 'alert');
    assert.equal(await page.getAttribute('#program-status', 'aria-live'), 'polite');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.close();
  });
}

test('index.html from the keyboard: a sample button, then Enter in the form calls', async () => {
  const page = await browser.newPage('index.html');
  await page.getByRole('button', { name: 'Load collatz' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^Loaded /.test(document.getElementById('program-status').textContent));
  await page.focus('#iterations');
  await page.keyboard.press('Enter'); // submits the call form
  await page.waitForFunction(() => document.getElementById('outputs').textContent !== '');
  const sampleCall = oracleCalls('collatz').find((c) => c.inputs.join() === '27');
  assert.equal(await page.locator('#outputs').textContent(), sampleCall.stdout);
  await page.close();
});
