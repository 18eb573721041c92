// @ts-check
/**
 * The setup page: reads what the running connector expects from GET /server/info,
 * draws the form, and wires the three calls (test, metadata, preflight) to it.
 */
import { failureMessage, getJson, postJson, problemsOf, problemsOfFailure } from './api.js';
import { CredentialsForm } from './credentials-form.js';
import { curlCommand } from './curl.js';
import { byId, copyAndShow, showResult } from './dom.js';
import { FilterPanel, markTempRegex } from './filter-panel.js';
import { showPreflight } from './preflight.js';
import { SelectionTree } from './selection-tree.js';

/**
 * @typedef {import('./api.js').ApiAnswer} ApiAnswer
 * @typedef {{ connector: string, displayName: string, requiresToken: boolean,
 *   credentialSchema: import('./credentials-form.js').JsonSchema,
 *   secretFields: string[], operations: { metadata: boolean, preflight: boolean } }} ServiceInfo
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
  if (!info.operations.metadata) unavailable('load-databases', 'metadata-result', info);
  if (!info.operations.preflight) unavailable('run-preflight', 'preflight-verdict', info);
}

/**
 * Says up front that the connector lacks an operation, rather than after a 404.
 * @param {string} buttonId
 * @param {string} resultId
 * @param {ServiceInfo} info
 */
function unavailable(buttonId, resultId, info) {
  byId(buttonId).setAttribute('disabled', '');
  showResult(byId(resultId), 'fail', 'Not available',
    `The ${info.displayName} connector does not offer this step.`);
}

class SetupPage {
  #info;
  #form;
  #tree;
  #panel;

  /**
   * @param {ServiceInfo} info
   * @param {CredentialsForm} form
   */
  constructor(info, form) {
    this.#info = info;
    this.#form = form;
    this.#tree = new SelectionTree(byId('selection-tree'), () => this.#panel.refresh(),
      (database) => this.#loadSchemas(database));
    this.#panel = new FilterPanel(() => this.#tree.choices());
  }

  wire() {
    byId('credentials-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#testConnection();
    });
    byId('load-databases').addEventListener('click', () => void this.#loadDatabases());
    byId('run-preflight').addEventListener('click', () => void this.#runPreflight());
    for (const button of document.querySelectorAll('button[data-curl]')) {
      const kind = /** @type {'auth' | 'metadata' | 'check'} */ (button.getAttribute('data-curl'));
      button.addEventListener('click', () => void this.#copyCurl(kind));
    }
    this.#panel.wire();
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
    this.#showFailure(answer, result);
  }

  async #loadDatabases() {
    const result = byId('metadata-result');
    const answer = await this.#call(byId('load-databases'), result, PATHS.metadata,
      { ...this.#form.read(), type: 'database' });
    if (answer.status !== 200 || !Array.isArray(answer.body?.data)) {
      this.#showFailure(answer, result);
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
    if (answer.status !== 200 || !Array.isArray(answer.body?.data)) {
      return { ok: false, message: failureMessage(answer) };
    }
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
      { credentials: this.#form.read(), metadata: this.#panel.filters() });

    if (answer.status !== 200 || typeof answer.body?.data !== 'object') {
      this.#showFailure(answer, verdict);
      return;
    }
    showPreflight(answer.body, verdict, list);
    // Point at the fields an authentication failure names, without moving the focus
    // away from the report being read.
    const failed = answer.body.data.authenticationCheck;
    if (failed?.error) {
      this.#form.showProblems(problemsOfFailure(failed.failureMessage, failed.error));
    } else {
      this.#form.clearProblems();
    }
  }

  /**
   * Runs one call with its button disabled and the result area saying so.
   * @param {HTMLElement} button
   * @param {HTMLElement} result
   * @param {string} path
   * @param {unknown} body
   */
  async #call(button, result, path, body) {
    // A disabled button drops the focus; it is given back so keyboard users stay put.
    const hadFocus = document.activeElement === button;
    button.setAttribute('disabled', '');
    result.setAttribute('aria-busy', 'true');
    showResult(result, 'busy', 'Working…', '');
    try {
      return await postJson(path, body, this.#form.token());
    } finally {
      button.removeAttribute('disabled');
      result.removeAttribute('aria-busy');
      if (hadFocus) button.focus();
    }
  }

  /**
   * Shows why a call failed: beside each field it names, and in the result area for the
   * rest. The first field named gets the focus.
   * @param {ApiAnswer} answer
   * @param {HTMLElement} result
   */
  #showFailure(answer, result) {
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

    if (first) first.focus();
    else if (tempRegex) byId('temp-table-regex').focus();
  }

  /** @param {'auth' | 'metadata' | 'check'} kind */
  async #copyCurl(kind) {
    const credentials = this.#form.read();
    const body = kind === 'auth' ? credentials
      : kind === 'metadata' ? { ...credentials, type: 'database' }
        : { credentials, metadata: this.#panel.filters() };
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
 * @param {unknown[]} values
 * @returns {string[]}
 */
function distinct(values) {
  return [...new Set(values.filter((value) => typeof value === 'string'))].sort();
}

void start();
