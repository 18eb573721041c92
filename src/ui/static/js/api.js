// @ts-check
/** Calls to the service from the page; the API token lives only in a variable. */
import { TOKEN_FIELD } from './credentials-form.js';

/** @typedef {import('./credentials-form.js').FieldProblem} FieldProblem */

/**
 * @typedef {object} ApiAnswer
 * @property {number} status HTTP status, 0 when no answer came
 * @property {any} body the parsed JSON body, or null
 * @property {number} durationMs time from sending to the full answer
 */

// Longer than the service's own limits (connect + query + margin), so that the service
// answers first and explains; this only ends a call to a service that went away.
const CALL_DEADLINE_MS = 180_000;

/**
 * POSTs a JSON body. Never throws: a network failure is an answer with status 0.
 * @param {string} path
 * @param {unknown} body
 * @param {string} token empty when the service needs none
 * @returns {Promise<ApiAnswer>}
 */
export async function postJson(path, body, token) {
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (token !== '') headers.Authorization = `Bearer ${token}`;
  const started = performance.now();

  try {
    const response = await fetch(path, {
      method: 'POST', headers, body: JSON.stringify(body), cache: 'no-store',
      credentials: 'omit', signal: AbortSignal.timeout(CALL_DEADLINE_MS),
    });
    const text = await response.text();
    return { status: response.status, body: parseJson(text), durationMs: since(started) };
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError'
      ? `no answer within ${CALL_DEADLINE_MS / 1000} s` : 'the service could not be reached';
    return { status: 0, body: { success: false, message: `Request failed: ${reason}` },
      durationMs: since(started) };
  }
}

/**
 * GETs a JSON document of the service (open endpoints only).
 * @param {string} path
 * @returns {Promise<any>}
 */
export async function getJson(path) {
  const response = await fetch(path, { signal: AbortSignal.timeout(CALL_DEADLINE_MS) });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return response.json();
}

/** @param {number} started */
function since(started) {
  return Math.round(performance.now() - started);
}

/** @param {string} text */
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The sentence to show for an answer that is not a success.
 * @param {ApiAnswer} answer
 * @returns {string}
 */
export function failureMessage(answer) {
  const message = answer.body && typeof answer.body.message === 'string'
    ? answer.body.message : `The service answered ${answer.status}`;
  return message;
}

/**
 * The fields an answer names, with what to show beside each.
 * @param {ApiAnswer} answer
 * @returns {FieldProblem[]}
 */
export function problemsOf(answer) {
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
export function problemsOfFailure(message, error) {
  return (error.fields ?? []).map((field) => ({ field, message, hint: error.hint ?? '' }));
}
