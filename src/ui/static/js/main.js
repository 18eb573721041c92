// @ts-check
/**
 * The setup page: reads what the running connector expects from GET /server/info,
 * draws the form, and wires the three calls (test, metadata, preflight) to it.
 */
import { failureMessage, getJson, postJson } from './api.js';
import { CredentialsForm, TOKEN_FIELD } from './credentials-form.js';
import { curlCommand } from './curl.js';
import { byId, copyAndShow, el } from './dom.js';
import { buildFilters, regexProblem } from './filters.js';
import { showPreflight } from './preflight.js';
import { SelectionTree } from './selection-tree.js';

/**
 * @typedef {import('./api.js').ApiAnswer} ApiAnswer
 * @typedef {import('./credentials-form.js').FieldProblem} FieldProblem
 * @typedef {{ connector: string, displayName: string, requiresToken: boolean,
 *   credentialSchema: import('./credentials-form.js').JsonSchema,
 *   secretFields: string[] }} ServiceInfo
 */

const PATHS = {
  auth: '/workflows/v1/auth',
  metadata: '/workflows/v1/metadata',
  check: '/workflows/v1/check',
};

async function start() {
  /** @type {ServiceInfo} */
  let info;
  try {
    info = await getJson('/server/info');
  } catch (error) {
    const banner = byId('load-error');
    banner.textContent = `The page could not ask the service what it expects: ${String(error)}`;
    banner.hidden = false;
    return;
  }

  byId('connector-name').textContent = `for ${info.displayName}`;
  document.title = `Sourcegate: ${info.displayName} connection setup`;
  const form = new CredentialsForm({
    schema: info.credentialSchema, requiresToken: info.requiresToken,
    tokenFields: byId('token-fields'), basicFields: byId('basic-fields'),
    advancedFields: byId('advanced-fields'),
    advanced: /** @type {HTMLDetailsElement} */ (byId('advanced')),
  });
  const page = new SetupPage(info, form);
  page.wire();
}

class SetupPage {
  #info;
  #form;
  #tree;
  /** @type {import('./filters.js').Filters} */
  #filters = { 'include-filter': {}, 'exclude-filter': {} };

  /**
   * @param {ServiceInfo} info
   * @param {CredentialsForm} form
   */
  constructor(info, form) {
    this.#info = info;
    this.#form = form;
    this.#tree = new SelectionTree(byId('selection-tree'), () => this.#refreshFilters(),
      (database) => this.#loadSchemas(database));
  }

  wire() {
    byId('credentials-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#testConnection();
    });
    byId('load-databases').addEventListener('click', () => void this.#loadDatabases());
    byId('run-preflight').addEventListener('click', () => void this.#runPreflight());
    byId('temp-table-regex').addEventListener('input', () => this.#refreshFilters());
    byId('copy-filter').addEventListener('click', () => void this.#copyFilter());
    for (const button of document.querySelectorAll('button[data-curl]')) {
      const kind = /** @type {'auth' | 'metadata' | 'check'} */ (button.getAttribute('data-curl'));
      button.addEventListener('click', () => void this.#copyCurl(kind));
    }
    this.#refreshFilters();
  }

  async #testConnection() {
    const result = byId('auth-result');
    const answer = await this.#call(byId('test-connection'), result, PATHS.auth,
      this.#form.read());
    if (answer.status === 200) {
      this.#form.clearProblems();
      showResult(result, 'pass', `✓ Connected in ${answer.durationMs} ms`,
        String(answer.body.message ?? ''));
      return;
    }
    this.#showFailure(answer, result, true);
  }

  async #loadDatabases() {
    const result = byId('metadata-result');
    const answer = await this.#call(byId('load-databases'), result, PATHS.metadata,
      { ...this.#form.read(), type: 'database' });
    if (answer.status !== 200) {
      this.#showFailure(answer, result, true);
      return;
    }

    const databases = distinct(answer.body.data.map((/** @type {any} */ row) =>
      row.TABLE_CATALOG));
    showResult(result, 'pass', `${databases.length} databases in ${answer.durationMs} ms`, '');
    this.#tree.showDatabases(databases);
  }

  /**
   * @param {string} database
   * @returns {Promise<import('./selection-tree.js').SchemaList>}
   */
  async #loadSchemas(database) {
    const answer = await postJson(PATHS.metadata,
      { ...this.#form.read(), type: 'schema', database }, this.#form.token());
    if (answer.status !== 200) return { ok: false, message: failureMessage(answer) };
    const rows = answer.body.data.filter((/** @type {any} */ row) =>
      row.TABLE_CATALOG === database);
    return { ok: true, schemas: distinct(rows.map((/** @type {any} */ row) =>
      row.TABLE_SCHEMA)) };
  }

  async #runPreflight() {
    const verdict = byId('preflight-verdict');
    const list = byId('preflight-checks');
    list.replaceChildren();
    const answer = await this.#call(byId('run-preflight'), verdict, PATHS.check,
      { credentials: this.#form.read(), metadata: this.#filters });

    if (answer.status !== 200 || typeof answer.body?.data !== 'object') {
      this.#showFailure(answer, verdict, true);
      return;
    }
    showPreflight(answer.body, verdict, list);
    // Point at the fields an authentication failure names, without moving the focus
    // away from the report being read.
    const failed = answer.body.data.authenticationCheck;
    if (failed?.error) this.#form.showProblems(problemsOfFailure(failed.failureMessage, failed.error));
    else this.#form.clearProblems();
  }

  /**
   * Runs one call with its button disabled and the result area saying so.
   * @param {HTMLElement} button
   * @param {HTMLElement} result
   * @param {string} path
   * @param {unknown} body
   */
  async #call(button, result, path, body) {
    button.setAttribute('disabled', '');
    result.setAttribute('aria-busy', 'true');
    showResult(result, 'busy', 'Working…', '');
    try {
      return await postJson(path, body, this.#form.token());
    } finally {
      button.removeAttribute('disabled');
      result.removeAttribute('aria-busy');
    }
  }

  /**
   * Shows why a call failed: beside each field it names, and in the result area for the
   * rest. With `focus`, the first field named gets the focus.
   * @param {ApiAnswer} answer
   * @param {HTMLElement} result
   * @param {boolean} focus
   */
  #showFailure(answer, result, focus) {
    const problems = problemsOf(answer);
    const tempRegex = problems.find((problem) => problem.field === 'metadata.temp-table-regex');
    if (tempRegex) markTempRegex(tempRegex.message);

    const { first, unmatched } = this.#form.showProblems(problems);
    const rest = unmatched.filter((problem) => problem !== tempRegex);
    const code = answer.body?.error?.code;
    const title = answer.status === 404 ? '✗ Not available'
      : `✗ Failed after ${answer.durationMs} ms${code ? ` (${code})` : ''}`;
    const hint = answer.body?.error?.hint;
    showResult(result, 'fail', title, answer.status === 404
      ? 'This service does not offer this call (it answered 404).' : failureMessage(answer),
    hint ? `Hint: ${hint}` : '', ...rest.map((problem) => `${problem.field}: ${problem.message}`));

    if (focus && first) first.focus();
    else if (focus && tempRegex) byId('temp-table-regex').focus();
  }

  #refreshFilters() {
    const input = /** @type {HTMLInputElement} */ (byId('temp-table-regex'));
    const problem = input.value === '' ? undefined : regexProblem(input.value);
    markTempRegex(problem);
    this.#filters = buildFilters(this.#tree.choices(), input.value);
    byId('filter-json').textContent = JSON.stringify(this.#filters, null, 2);
  }

  async #copyFilter() {
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

  /** @param {'auth' | 'metadata' | 'check'} kind */
  async #copyCurl(kind) {
    const credentials = this.#form.read();
    const body = kind === 'auth' ? credentials
      : kind === 'metadata' ? { ...credentials, type: 'database' }
        : { credentials, metadata: this.#filters };
    const prefix = kind === 'check' ? 'credentials.' : '';
    const command = curlCommand({
      url: new URL(PATHS[kind], location.href).href, body,
      secretPaths: this.#info.secretFields.map((path) => prefix + path),
      withToken: this.#info.requiresToken,
    });
    await copyAndShow(command, byId(`curl-${kind}`));
  }
}

/**
 * The fields an answer names, with what to show beside each.
 * @param {ApiAnswer} answer
 * @returns {FieldProblem[]}
 */
function problemsOf(answer) {
  const body = answer.body ?? {};
  if (answer.status === 401) return [{ field: TOKEN_FIELD, message: failureMessage(answer) }];
  if (Array.isArray(body.errors)) {
    return body.errors.map((/** @type {any} */ error) => ({ field: String(error.field),
      message: String(error.message) }));
  }
  if (body.error) return problemsOfFailure(failureMessage(answer), body.error);
  return [];
}

/**
 * @param {string} message
 * @param {{ fields?: string[], hint?: string }} error
 * @returns {FieldProblem[]}
 */
function problemsOfFailure(message, error) {
  return (error.fields ?? []).map((field) => ({ field, message, hint: error.hint ?? '' }));
}

/** @param {string | undefined} problem */
function markTempRegex(problem) {
  const input = byId('temp-table-regex');
  const error = byId('temp-table-regex-error');
  if (problem) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
  error.textContent = problem ?? '';
  error.hidden = !problem;
}

/**
 * @param {HTMLElement} result
 * @param {'pass' | 'fail' | 'busy'} kind
 * @param {string} title
 * @param {string[]} lines
 */
function showResult(result, kind, title, ...lines) {
  result.className = `result banner ${kind}`;
  result.replaceChildren(el('strong', {}, title),
    ...lines.filter(Boolean).map((line) => el('p', {}, line)));
}

/**
 * @param {unknown[]} values
 * @returns {string[]}
 */
function distinct(values) {
  return [...new Set(values.filter((value) => typeof value === 'string'))].sort();
}

void start();
