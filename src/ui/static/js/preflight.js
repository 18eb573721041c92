// @ts-check
/** Draws a preflight report: the verdict on top, then every check as the service sent it. */
import { el } from './dom.js';

/**
 * @typedef {object} Check
 * @property {boolean} success
 * @property {boolean} [mandatory]
 * @property {boolean} [skipped]
 * @property {number} [durationMs]
 * @property {string} [successMessage]
 * @property {string} [failureMessage]
 * @property {{ code: string, fields: string[], hint: string }} [error]
 *
 * @typedef {{ success: boolean, data: Record<string, Check> }} Report
 */

/**
 * @param {Report} report
 * @param {HTMLElement} verdict
 * @param {HTMLElement} list
 */
export function showPreflight(report, verdict, list) {
  const checks = Object.entries(report.data ?? {});
  const failed = checks.filter(([, check]) =>
    check.mandatory !== false && !check.success && !check.skipped);
  const skipped = checks.filter(([, check]) => check.skipped).length;

  verdict.className = `result banner ${report.success ? 'pass' : 'fail'}`;
  verdict.replaceChildren(el('strong', {}, report.success ? 'Ready' : 'Not ready'), ': ',
    report.success
      ? `every mandatory check passed (${checks.length} checks).`
      : `${failed.map(([name]) => checkTitle(name)).join(', ') || 'a mandatory check'} ` +
        `did not pass${skipped > 0 ? `; ${skipped} skipped until it does` : ''}.`);

  list.replaceChildren(...checks.map(([name, check]) => checkItem(name, check)));
}

/**
 * @param {string} name
 * @param {Check} check
 */
function checkItem(name, check) {
  const status = check.skipped ? 'skipped' : check.success ? 'passed' : 'failed';
  const message = check.success ? check.successMessage : check.failureMessage;

  const heading = el('div', { class: 'check-head' },
    el('span', { class: `status ${status}` }, statusText(status)),
    el('strong', {}, checkTitle(name)),
    check.mandatory === false ? el('span', { class: 'optional' }, 'optional') : '',
    el('span', { class: 'duration' }, `${check.durationMs ?? 0} ms`));
  const item = el('li', { class: `check ${status}`, 'data-check': name }, heading);

  if (message) item.append(el('p', { class: 'message' }, message));
  if (check.error?.hint) item.append(el('p', { class: 'hint' }, `Hint: ${check.error.hint}`));
  if (check.error?.code) item.append(el('p', { class: 'code-name' }, check.error.code));
  return item;
}

/** @param {string} status */
function statusText(status) {
  return { passed: '✓ Passed', failed: '✗ Failed', skipped: '– Skipped' }[status] ?? status;
}

/**
 * `databaseSchemaCheck` -> `Database schema`.
 * @param {string} name
 */
export function checkTitle(name) {
  const words = name.replace(/Check$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
