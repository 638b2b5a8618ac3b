// The "Model suite" section of benchmarks.html: lists the suite's built models, and on Run
// measures each chosen model on every engine configuration (suite.mjs), one case at a time,
// filling the table (suite-table.mjs) as the cases finish.

import { CONFIGS, findSuite, loadModelData, runCase } from './suite.mjs';
import { SuiteTable } from './suite-table.mjs';
import { $, say, describe, busy } from './ui.mjs';

const form = $('suite-form');
const modelList = $('suite-models');
const runButton = $('suite-run');
const progress = $('suite-progress');
const status = $('suite-status');
const notice = $('suite-notice');
const error = $('suite-error');
const fields = { warmup: $('suite-warmup'), budget: $('suite-budget'), calls: $('suite-calls') };
const table = new SuiteTable($('suite-body'), CONFIGS);
let suite = null;

function showModels(models) {
  modelList.replaceChildren(modelList.querySelector('legend'), ...models.map(({ name }) => {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = name;
    box.checked = true;
    label.append(box, ` ${name}`);
    return label;
  }));
}

findSuite().then(
  (found) => {
    suite = found;
    showModels(found.models);
    say(notice, found.ortProblem ?? '');
    say(status, `${found.models.length} model${found.models.length === 1 ? '' : 's'} built: ${found.models.map((m) => m.name).join(', ')}.`);
    runButton.disabled = false;
  },
  (e) => {
    say(status, '');
    say(notice, e.message);
  },
);

/** common.mjs's timeLoop options from the form, or an error message. */
function loopOptions() {
  const [warmup, budget, calls] = [fields.warmup, fields.budget, fields.calls].map((f) => Number(f.value));
  if (!(warmup >= 0) || !(budget > 0)) return 'Warm-up and timing must be numbers of seconds (timing above 0).';
  if (!Number.isInteger(calls) || calls < 5) return 'Timed calls must be a whole number of at least 5.';
  return { warmupMs: warmup * 1000, budgetMs: budget * 1000, iters: calls };
}

/** Runs every configuration of `model`; returns how many failed. */
async function runModel(model, loop) {
  let data;
  try {
    data = await loadModelData(model.name);
  } catch (e) {
    CONFIGS.forEach((_, i) => table.failed(model.name, i, describe('Could not read the model', e)));
    progress.value += CONFIGS.length;
    return CONFIGS.length;
  }
  let failures = 0;
  for (const [i, config] of CONFIGS.entries()) {
    say(status, `Running ${model.name} on ${config.label}, ${config.threads} thread${config.threads > 1 ? 's' : ''} (case ${progress.value + 1} of ${progress.max})…`);
    table.running(model.name, i);
    try {
      if (config.engine === 'ort' && suite.ortProblem) throw new Error(suite.ortProblem);
      table.done(model.name, i, await runCase(model, config, data, loop));
    } catch (e) {
      failures++;
      table.failed(model.name, i, e instanceof Error ? e.message : String(e));
    }
    progress.value++;
  }
  return failures;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!suite) return; // nothing is built: the button is off and the notice says why
  const chosen = new Set([...modelList.querySelectorAll('input:checked')].map((box) => box.value));
  const models = suite.models.filter((m) => chosen.has(m.name));
  const loop = loopOptions();
  if (typeof loop === 'string') return say(error, loop, 'error');
  if (models.length === 0) return say(error, 'Choose at least one model.', 'error');
  say(error, '');
  table.reset(models.map((m) => m.name));
  progress.max = models.length * CONFIGS.length;
  progress.value = 0;
  progress.hidden = false;
  const controls = [runButton, ...Object.values(fields), ...modelList.querySelectorAll('input')];
  await busy(controls, async () => {
    let failures = 0;
    for (const model of models) failures += await runModel(model, loop);
    say(status, `Done: ${progress.max} cases, ${failures} failed.`);
  });
  progress.hidden = true;
});
