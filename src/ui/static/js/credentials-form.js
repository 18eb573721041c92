// @ts-check
/**
 * The credentials form, drawn from the connector's credential schema (the one the
 * service validates requests against), and the marking of fields the service named.
 */
import { el, fieldId } from './dom.js';
import { controlFor, LABELS, humanize, labelFor, revealButton } from './field-controls.js';

/**
 * @typedef {object} JsonSchema
 * @property {string} [type]
 * @property {unknown[]} [enum]
 * @property {string} [description]
 * @property {boolean} [writeOnly]
 * @property {number} [minimum]
 * @property {number} [maximum]
 * @property {unknown[]} [examples]
 * @property {Record<string, JsonSchema>} [properties]
 * @property {string[]} [required]
 *
 * @typedef {{ field: string, message: string, hint?: string }} FieldProblem
 * @typedef {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} Control
 * @typedef {{ path: string, schema: JsonSchema, control: Control, required: boolean }} Field
 * @typedef {{ control: Control, error: HTMLElement, details: HTMLDetailsElement | null }} Marker
 */

/** The path the API-token field answers to in problems; it is never part of a body. */
export const TOKEN_FIELD = 'Authorization';

export class CredentialsForm {
  /** @type {Field[]} */
  #fields = [];
  /** @type {Map<string, Marker>} */
  #markers = new Map();
  /** @type {HTMLInputElement | null} */
  #token = null;

  /**
   * @param {{ schema: JsonSchema, requiresToken: boolean, tokenFields: HTMLElement,
   *   basicFields: HTMLElement, advancedFields: HTMLElement, advanced: HTMLDetailsElement }} parts
   */
  constructor({ schema, requiresToken, tokenFields, basicFields, advancedFields, advanced }) {
    if (requiresToken) tokenFields.append(this.#tokenField());

    const required = new Set(schema.required ?? []);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      if (property.type !== 'object') {
        basicFields.append(this.#field(name, property, required.has(name), null));
        continue;
      }
      // Nested settings (the SQL connectors' `extra`) are the advanced section.
      const nestedRequired = new Set(property.required ?? []);
      for (const [child, childSchema] of Object.entries(property.properties ?? {})) {
        advancedFields.append(this.#field(`${name}.${child}`, childSchema,
          nestedRequired.has(child), advanced));
      }
    }
  }

  /** The API token as typed; empty when the service needs none. Held by the input only. */
  token() {
    return this.#token?.value ?? '';
  }

  /**
   * The credential body: numbers as numbers, optional fields left empty are left out,
   * and a nested object only when one of its fields is set.
   * @returns {Record<string, unknown>}
   */
  read() {
    /** @type {Record<string, any>} */
    const body = {};
    for (const { path, schema, control, required } of this.#fields) {
      const raw = control.value;
      /** @type {unknown} */
      let value = raw;
      if (schema.type === 'integer' || schema.type === 'number') {
        if (raw.trim() === '') continue;
        value = Number.isFinite(Number(raw)) ? Number(raw) : raw;
      } else if (raw === '' && !required) {
        continue;
      }

      const keys = path.split('.');
      const last = /** @type {string} */ (keys.pop());
      let node = body;
      for (const key of keys) node = node[key] ??= {};
      node[last] = value;
    }
    return body;
  }

  /**
   * Marks the named fields invalid with their message and hint. `credentials.` prefixes
   * (as /check names them) are dropped. Returns the first marked control in page order,
   * and the problems that name no field of the form.
   * @param {readonly FieldProblem[]} problems
   * @returns {{ first: Control | null, unmatched: FieldProblem[] }}
   */
  showProblems(problems) {
    this.clearProblems();
    /** @type {FieldProblem[]} */
    const unmatched = [];
    /** @type {Control[]} */
    const marked = [];

    for (const problem of problems) {
      const marker = this.#markers.get(problem.field.replace(/^credentials\./, ''));
      if (marker === undefined) {
        unmatched.push(problem);
        continue;
      }
      marker.control.setAttribute('aria-invalid', 'true');
      marker.error.replaceChildren(el('span', {}, problem.message));
      if (problem.hint) marker.error.append(el('span', { class: 'hint' }, `Hint: ${problem.hint}`));
      marker.error.hidden = false;
      if (marker.details) marker.details.open = true;
      marked.push(marker.control);
    }

    const inPageOrder = this.#allControls().filter((control) => marked.includes(control));
    return { first: inPageOrder[0] ?? null, unmatched };
  }

  clearProblems() {
    for (const marker of this.#markers.values()) clearMarker(marker);
  }

  #allControls() {
    return [...this.#markers.values()].map((marker) => marker.control).sort((a, b) =>
      (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  }

  #tokenField() {
    const id = 'field-api-token';
    const input = el('input', { id, type: 'password', autocomplete: 'off', spellcheck: 'false',
      required: true, 'aria-required': 'true' });
    this.#token = input;
    const help = 'This service needs its API token (sent as Authorization: Bearer). ' +
      'It stays in this page only and is forgotten on reload.';
    return this.#wrap(TOKEN_FIELD, id, labelFor(id, 'API token', '', true), input, help, null,
      revealButton(input, 'API token'));
  }

  /**
   * @param {string} path
   * @param {JsonSchema} schema
   * @param {boolean} required
   * @param {HTMLDetailsElement | null} details the section it sits in, opened on error
   */
  #field(path, schema, required, details) {
    const id = fieldId(path);
    const name = /** @type {string} */ (path.split('.').pop());
    const label = labelFor(id, LABELS[name] ?? humanize(name), details ? path : '', required);
    const { control, extras } = controlFor(id, schema, required, LABELS[name] ?? name);

    this.#fields.push({ path, schema, control, required });
    return this.#wrap(path, id, label, control, schema.description ?? '', details, ...extras);
  }

  /**
   * @param {string} path
   * @param {string} id
   * @param {HTMLLabelElement} label
   * @param {Control} control
   * @param {string} helpText
   * @param {HTMLDetailsElement | null} details
   * @param {HTMLElement[]} extras buttons and pickers beside the control
   */
  #wrap(path, id, label, control, helpText, details, ...extras) {
    const help = el('p', { class: 'help', id: `${id}-help` }, helpText);
    const error = el('p', { class: 'field-error', id: `${id}-error`, hidden: true });
    control.setAttribute('aria-describedby', `${id}-help ${id}-error`);

    const marker = { control, error, details };
    this.#markers.set(path, marker);
    control.addEventListener('input', () => clearMarker(marker));

    const row = el('div', { class: 'control-row' }, control, ...extras);
    return el('div', { class: 'field', 'data-field': path }, label, row, help, error);
  }
}

/** @param {Marker} marker */
function clearMarker(marker) {
  marker.control.removeAttribute('aria-invalid');
  marker.error.replaceChildren();
  marker.error.hidden = true;
}
