// Text in and out of the pages: input lists in iree-run-module's --input syntax, results as
// iree-run-module prints them, and timing statistics.

/** One input per non-empty line of `text` (tensor inputs contain spaces, so lines separate them). */
export function parseInputs(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** What iree-run-module prints for a call: `EXEC @f` then `result[i]: ...` per result. */
export function formatCall(functionName, results) {
  return [`EXEC @${functionName}`, ...results.map((r, i) => `result[${i}]: ${r}`)].join('\n') + '\n';
}

/** An example --input text for a parameter type such as `tensor<2x4xf32>` or `f32`. */
export function inputHint(type) {
  const tensor = /^tensor<(.*)>$/.exec(type);
  if (!tensor) return /^(f|i|ui)\d+$/.test(type) ? `${type} value, e.g. 1` : type;
  const parts = tensor[1].split('x');
  const dtype = parts.pop();
  const shape = parts.join('x');
  return `${shape ? `${shape}x` : ''}${dtype}=…`;
}

/** Median, min and max of a list of numbers (milliseconds). */
export function summarize(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) throw new Error('no times to summarize');
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { count: n, median, min: sorted[0], max: sorted[n - 1] };
}

/** Milliseconds with three decimals (performance.now() is 5 µs precise when isolated). */
export function ms(value) {
  return value.toFixed(3);
}

/** `value` over `base` with two decimals and an x: `1.25x`. */
export function ratio(value, base) {
  return `${(value / base).toFixed(2)}x`;
}
