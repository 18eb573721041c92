// @ts-check
/**
 * The temp-table regex field and the filter JSON under the selection tree: kept in step
 * with the ticked boxes, shown as the preflight will send it, and copyable.
 */
import { byId } from './dom.js';
import { buildFilters, regexProblem } from './filters.js';

/** @typedef {import('./filters.js').Choice} Choice */

export class FilterPanel {
  #choices;
  /** @type {import('./filters.js').Filters} */
  #filters = { 'include-filter': {}, 'exclude-filter': {} };

  /** @param {() => Choice[]} choices what is ticked in the selection tree right now */
  constructor(choices) {
    this.#choices = choices;
  }

  wire() {
    byId('temp-table-regex').addEventListener('input', () => this.refresh());
    byId('copy-filter').addEventListener('click', () => void this.#copy());
    this.refresh();
  }

  /** The filters as the preflight sends them. */
  filters() {
    return this.#filters;
  }

  refresh() {
    const input = /** @type {HTMLInputElement} */ (byId('temp-table-regex'));
    markTempRegex(input.value === '' ? undefined : regexProblem(input.value));
    this.#filters = buildFilters(this.#choices(), input.value);
    byId('filter-json').textContent = JSON.stringify(this.#filters, null, 2);
  }

  async #copy() {
    const status = byId('copy-filter-status');
    try {
      await navigator.clipboard.writeText(JSON.stringify(this.#filters, null, 2));
      status.textContent = 'Copied to the clipboard.';
    } catch {
      const range = document.createRange();
      range.selectNodeContents(byId('filter-json'));
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      status.textContent = 'The clipboard is not available here: the JSON is selected, copy it.';
    }
  }
}

/**
 * Marks the temp-table regex field invalid with the reason, or clears it.
 * @param {string | undefined} problem
 */
export function markTempRegex(problem) {
  const input = byId('temp-table-regex');
  const error = byId('temp-table-regex-error');
  if (problem) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  error.textContent = problem ?? '';
  error.hidden = !problem;
}
