// The model suite's results table on benchmarks.html: a row per model and engine
// configuration, filled in as the cases finish (median, Weft's time over ONNX Runtime Web's on
// the same device and number of threads, max abs difference from the reference), or the
// case's error.

import { ms, ratio } from './text.mjs';

const COLUMNS = ['Calls', 'Load', 'Median', 'Weft/ORT', 'Max abs diff'];

function td(text, cls) {
  const cell = document.createElement('td');
  cell.textContent = text;
  if (cls) cell.className = cls;
  return cell;
}

/** A time cell shown rounded to the µs, carrying the unrounded milliseconds (`data-ms`, and a
 * tooltip): the ratios are of the unrounded times, which the rounded ones can be far from. */
function exactMs(value) {
  const cell = td(ms(value), 'num');
  cell.dataset.ms = String(value);
  cell.title = `${value} ms`;
  return cell;
}

/** 3 significant digits, exponent form when small: the size of a difference at a glance. */
function difference(value) {
  return value === 0 ? '0' : value < 1e-3 ? value.toExponential(1) : value.toPrecision(3);
}

export class SuiteTable {
  /** `tbody`: the table body; `configs`: suite.mjs's CONFIGS. */
  constructor(tbody, configs) {
    this.tbody = tbody;
    this.configs = configs;
    this.rows = new Map();
    /** `model/i` → median ms, or null when the case failed. */
    this.medians = new Map();
  }

  /** New rows, each "waiting", for `models` (names). */
  reset(models) {
    this.rows.clear();
    this.medians.clear();
    this.tbody.replaceChildren();
    for (const model of models) {
      this.configs.forEach((config, i) => {
        const row = document.createElement('tr');
        row.dataset.engine = config.engine;
        row.append(td(model), td(config.label), td(String(config.threads), 'num'));
        this.tbody.append(row);
        this.rows.set(`${model}/${i}`, row);
        this.#state(model, i, 'waiting');
      });
    }
  }

  running(model, i) {
    this.#state(model, i, 'running…');
  }

  failed(model, i, message) {
    this.medians.set(`${model}/${i}`, null);
    this.#state(model, i, message, 'error');
    this.#ratios(model);
  }

  /** A finished case: {median, calls, loadMs, maxDiff}. */
  done(model, i, result) {
    this.medians.set(`${model}/${i}`, result.median);
    this.#cells(model, i, [
      td(String(result.calls), 'num'), td(ms(result.loadMs), 'num'), exactMs(result.median),
      td(this.configs[i].engine === 'ort' ? '—' : '', 'num'), td(difference(result.maxDiff), 'num'),
    ]);
    this.#ratios(model);
  }

  #cells(model, i, cells) {
    const row = this.rows.get(`${model}/${i}`);
    row.replaceChildren(...[...row.cells].slice(0, 3), ...cells);
  }

  /** One cell across the result columns: a state or an error. */
  #state(model, i, text, cls = 'pending') {
    const cell = td(text, cls);
    cell.colSpan = COLUMNS.length;
    this.#cells(model, i, [cell]);
  }

  /** Weft's finished rows of `model`: their median over ORT's on the same device and number of threads. */
  #ratios(model) {
    this.configs.forEach((config, i) => {
      const weft = this.medians.get(`${model}/${i}`);
      if (config.engine !== 'weft' || weft == null) return;
      const ortIndex = this.configs.findIndex((c) => c.engine === 'ort' && c.threads === config.threads && c.device === config.device);
      const ort = this.medians.get(`${model}/${ortIndex}`);
      const cell = this.rows.get(`${model}/${i}`).cells[6];
      if (ort === null) cell.textContent = 'no ORT time';
      else if (ort !== undefined) cell.textContent = ratio(weft, ort);
    });
  }
}
