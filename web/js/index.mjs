// web/index.html: load a program, list its functions, call one with iree-run-module style
// inputs and show its outputs and timing.

import { startRuntime, ProgramSlot } from './session.mjs';
import { wireLoader } from './loader.mjs';
import { parseInputs, formatCall, inputHint, ms } from './text.mjs';
import { $, say, describe, busy } from './ui.mjs';
import { WEB_TARGET_FLAGS } from '../../glue/target/target.mjs';

const slot = new ProgramSlot();
const form = $('call-form');
const functionName = $('function-name');
const inputs = $('inputs');
const iterations = $('iterations');
const callButton = $('call-button');
const outputs = $('outputs');
const callTime = $('call-time');
const callError = $('call-error');

startRuntime();
$('target-flags').textContent = ['iree-compile model.mlir -o model.vmfb', ...WEB_TARGET_FLAGS].join(' \\\n  ');

const loader = wireLoader(slot, showProgram);

/** Lists the functions of a freshly loaded program and prepares the call form. */
function showProgram(entry, sample) {
  const { program } = entry;
  const list = $('function-list');
  const names = $('function-names');
  list.replaceChildren();
  names.replaceChildren();
  for (const fn of program.functions) {
    const item = document.createElement('li');
    const use = document.createElement('button');
    use.type = 'button';
    use.textContent = 'Use';
    use.setAttribute('aria-label', `Use ${fn.name}`);
    use.addEventListener('click', () => selectFunction(fn));
    const signature = document.createElement('code');
    signature.textContent = fn.signature;
    item.append(use, ' ', signature);
    list.append(item);
    const option = document.createElement('option');
    option.value = fn.name;
    names.append(option);
  }
  $('functions-empty').hidden = program.functions.length > 0;
  $('functions-empty').textContent = 'This program exports no functions.';
  callButton.disabled = false;
  outputs.textContent = '';
  say(callTime, '');
  say(callError, '');

  if (sample) {
    functionName.value = sample.function;
    inputs.value = sample.inputs.join('\n');
  } else if (program.functions.length > 0) {
    selectFunction(program.functions[0]);
  }
  program.inspect().then(
    (text) => { $('inspect').textContent = text; $('inspect-details').hidden = false; },
    () => { $('inspect-details').hidden = true; },
  );
}

/** Puts `fn` in the call form, with one example line per argument. */
function selectFunction(fn) {
  functionName.value = fn.name;
  inputs.value = '';
  inputs.placeholder = fn.args.map((a) => inputHint(a.type)).join('\n');
  inputs.focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const entry = slot.current;
  if (!entry) return say(callError, 'Load a program first.', 'error');
  const name = functionName.value.trim();
  const count = Number(iterations.value);
  if (!Number.isInteger(count) || count < 1) return say(callError, 'Calls must be a whole number of at least 1.', 'error');
  const args = parseInputs(inputs.value);
  say($('load-error'), ''); // a failed load attempt is old news once the user calls
  say(callError, '');
  say(callTime, `Calling ${name}…`);
  await busy([callButton], async () => {
    try {
      const start = performance.now();
      const { results, total_invoke_time_ms } = await entry.program.callText(name, args, { iterations: count });
      const elapsed = performance.now() - start;
      outputs.textContent = formatCall(name, results);
      const per = count > 1 ? `, ${ms(elapsed / count)} ms per call` : '';
      say(callTime, `Time: ${ms(elapsed)} ms for ${count} call${count > 1 ? 's' : ''}${per}, measured in the page ` +
        `(includes the messages to the runtime's worker; inside the worker: ${total_invoke_time_ms} ms, in whole milliseconds).`);
    } catch (e) {
      outputs.textContent = '';
      say(callTime, '');
      say(callError, describe(`Call of '${name}' failed`, e), 'error');
    }
  });
});

// ?program=URL[&function=NAME&inputs=LINES&iterations=N] loads and fills the form (shareable links).
const params = new URLSearchParams(location.search);
if (params.has('program')) {
  const url = params.get('program');
  $('url-input').value = url;
  loader.load(url, url).then(() => {
    if (params.has('function')) functionName.value = params.get('function');
    if (params.has('inputs')) inputs.value = params.get('inputs');
    if (params.has('iterations')) iterations.value = params.get('iterations');
  });
}
