// The "Load a program" section both pages share: a sample button per demo program, a file
// picker (or a file dropped on the section), a URL field and the device to run on (a select
// made here, before #program-status). Expects #load-section, #sample-list, #file-input,
// #url-form, #url-input, #program-status and #load-error in the page.

import { samples, sampleUrl, sourceUrl } from './samples.mjs';
import { $, say, describe, busy } from './ui.mjs';

/**
 * Wires the section to `slot` (a ProgramSlot). `onLoaded(entry, sample)` runs after each
 * successful load (`sample` is null for files and URLs). Returns {load(source, label, sample)}.
 */
export function wireLoader(slot, onLoaded) {
  const list = $('sample-list');
  const fileInput = $('file-input');
  const urlForm = $('url-form');
  const urlInput = $('url-input');
  const status = $('program-status');
  const device = deviceSelect(status);
  const error = $('load-error');

  const buttons = samples.map((sample) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `Load ${sample.id}`;
    button.dataset.sample = sample.id;
    button.setAttribute('aria-describedby', `sample-${sample.id}`);
    const summary = document.createElement('span');
    summary.id = `sample-${sample.id}`;
    summary.textContent = sample.summary;
    const source = document.createElement('a');
    source.href = sourceUrl(sample);
    source.textContent = 'source';
    source.setAttribute('aria-label', `${sample.id} source (MLIR)`);
    item.append(button, ' ', summary, ' (', source, ')');
    list.append(item);
    button.addEventListener('click', () => load(sampleUrl(sample), `${sample.id} (sample)`, sample));
    return button;
  });
  const controls = [...buttons, fileInput, urlInput, urlForm.querySelector('button'), device];

  let loading = false;

  async function load(source, label, sample = null) {
    // The controls are disabled while loading; a drop is the one way to ask again meanwhile.
    if (loading) return say(error, `Still loading; drop ${label} again when the current load is done.`, 'error');
    loading = true;
    say(error, '');
    say(status, `Loading ${label}…`);
    await busy(controls, async () => {
      try {
        const entry = await slot.load(source, label, { device: device.value });
        const { functions, name, adapter } = entry.program;
        const where = adapter ? `the GPU (${adapter.vendor} ${adapter.architecture})` : 'the CPU';
        say(status, `Loaded ${label}: module '${name}', ${functions.length} function${functions.length === 1 ? '' : 's'}, in ${entry.loadMs.toFixed(1)} ms; runs on ${where}.`);
        onLoaded(entry, sample);
      } catch (e) {
        say(status, slot.current ? `Still loaded: ${slot.current.label}.` : 'No program loaded.');
        say(error, describe(`Could not load ${label}`, e), 'error');
      }
    });
    loading = false;
  }

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) load(file, file.name);
  });
  // A .vmfb dropped anywhere on the section loads like a picked file.
  const section = $('load-section');
  section.addEventListener('dragover', (event) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    section.classList.add('drop');
  });
  section.addEventListener('dragleave', () => section.classList.remove('drop'));
  section.addEventListener('drop', (event) => {
    section.classList.remove('drop');
    const file = event.dataTransfer?.files?.[0];
    if (!file) return;
    event.preventDefault();
    load(file, file.name);
  });
  urlForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const url = urlInput.value.trim();
    if (url) load(url, url);
    else say(error, 'Enter the URL of a .vmfb file first.', 'error');
  });

  return { load };
}

/** The "Run on" field (rt.load's `device`), placed before `before`; returns its select. */
function deviceSelect(before) {
  const field = document.createElement('p');
  field.className = 'field';
  const label = document.createElement('label');
  label.htmlFor = 'device-select';
  label.textContent = 'Run on';
  const select = document.createElement('select');
  select.id = 'device-select';
  for (const [value, text] of [
    ['auto', 'auto: the GPU (WebGPU) when the program has GPU code and this browser an adapter, else the CPU'],
    ['webgpu', 'the GPU (WebGPU)'],
    ['cpu', 'the CPU'],
  ]) select.append(new Option(text, value));
  field.append(label, select);
  before.before(field);
  return select;
}
