// web/benchmarks.html: time `calls` calls of one function (after one untimed warm-up call) and
// add a row with the median, min and max per-call time to the results table.

import { startRuntime, ProgramSlot } from './session.mjs';
import { wireLoader } from './loader.mjs';
import { parseInputs, summarize, ms } from './text.mjs';
import { $, say, describe, busy } from './ui.mjs';

const slot = new ProgramSlot();
const form = $('bench-form');
const select = $('bench-function');
const inputs = $('bench-inputs');
const calls = $('bench-calls');
const runButton = $('run-button');
const progress = $('bench-progress');
const status = $('bench-status');
const error = $('bench-error');

startRuntime();

wireLoader(slot, (entry, sample) => {
  select.replaceChildren(...entry.program.functions.map((fn) => new Option(fn.name, fn.name)));
  select.disabled = runButton.disabled = entry.program.functions.length === 0;
  if (sample) {
    select.value = sample.function;
    inputs.value = sample.inputs.join('\n');
  } else {
    inputs.value = '';
  }
  showSignature();
  say(error, '');
});

function showSignature() {
  const fn = slot.current?.program.functions.find((f) => f.name === select.value);
  $('bench-signature').textContent = fn ? fn.signature : '';
}
select.addEventListener('change', showSignature);

/** Calls `name` `count` times after one warm-up call; returns each call's time in ms. */
async function timeCalls(program, name, args, count) {
  await program.callText(name, args);
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await program.callText(name, args);
    times.push(performance.now() - start);
    if (i % 10 === 9 || i === count - 1) progress.value = (i + 1) / count;
  }
  return times;
}

/** An input as the table shows it: long tensor literals cut at a space (the cell's title has them whole). */
function shorten(input) {
  if (input.length <= 30) return input;
  const cut = input.slice(0, 30);
  const space = cut.lastIndexOf(' ');
  return `${space > 10 ? cut.slice(0, space) : cut} …`;
}

function addRow(entry, name, args, stats) {
  const row = document.createElement('tr');
  const cells = [
    [entry.label.split('/').pop(), 'program'], [name], [args.map(shorten).join('\n') || '(none)', 'inputs'],
    [String(stats.count), 'num'], [ms(entry.loadMs), 'num'],
    [ms(stats.median), 'num'], [ms(stats.min), 'num'], [ms(stats.max), 'num'],
  ];
  for (const [text, cls] of cells) {
    const cell = document.createElement('td');
    cell.textContent = text;
    if (cls) cell.className = cls;
    if (cls === 'inputs') cell.title = args.join('\n');
    if (cls === 'program') cell.title = entry.label;
    row.append(cell);
  }
  $('results-body').append(row);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const entry = slot.current;
  if (!entry) return say(error, 'Load a program first.', 'error');
  const name = select.value;
  const count = Number(calls.value);
  if (!Number.isInteger(count) || count < 1) return say(error, 'Timed calls must be a whole number of at least 1.', 'error');
  const args = parseInputs(inputs.value);
  say($('load-error'), ''); // a failed load attempt is old news once the user calls
  say(error, '');
  say(status, `Running ${count} calls of ${name}…`);
  progress.value = 0;
  progress.hidden = false;
  await busy([runButton, select], async () => {
    try {
      const stats = summarize(await timeCalls(entry.program, name, args, count));
      addRow(entry, name, args, stats);
      say(status, `Done: ${count} calls of ${name}, median ${ms(stats.median)} ms.`);
    } catch (e) {
      say(status, '');
      say(error, describe(`Benchmark of '${name}' failed`, e), 'error');
    } finally {
      progress.hidden = true;
    }
  });
});
