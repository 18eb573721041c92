// @ts-check
/** The controls of one form field, chosen from its schema, and their labels. */
import { el } from './dom.js';

/**
 * @typedef {import('./credentials-form.js').JsonSchema} JsonSchema
 * @typedef {import('./credentials-form.js').Control} Control
 */

/**
 * Names people read, by wire name; other fields get theirs from the wire name.
 * @type {Record<string, string>}
 */
export const LABELS = {
  authType: 'Authentication type', host: 'Host', port: 'Port', username: 'Username',
  password: 'Password', database: 'Database', ssl_mode: 'TLS mode',
  ssl_root_cert: 'CA certificate (PEM)', ssl_cert: 'Client certificate (PEM)',
  ssl_key: 'Client private key (PEM)', token: 'Token', oauth_token: 'OAuth access token',
  api_key: 'API key', client_id: 'OAuth client id', client_secret: 'OAuth client secret',
  token_url: 'OAuth token URL', scope: 'OAuth scope',
};

// Matches the schema's maxLength for PEM fields; larger files are refused at once.
const MAX_FILE_BYTES = 65_536;

/**
 * @param {string} id
 * @param {string} text
 * @param {string} wireName shown for nested fields, which hints name by their path
 * @param {boolean} required
 */
export function labelFor(id, text, wireName, required) {
  const label = el('label', { for: id }, text);
  if (wireName) label.append(' ', el('code', {}, wireName));
  if (required) {
    label.append(' ', el('span', { class: 'req', 'aria-hidden': 'true' }, '*'),
      el('span', { class: 'visually-hidden' }, ' (required)'));
  }
  return label;
}

/**
 * @param {string} id
 * @param {JsonSchema} schema
 * @param {boolean} required
 * @param {string} name for the accessible names of the buttons beside it
 * @returns {{ control: Control, extras: HTMLElement[] }}
 */
export function controlFor(id, schema, required, name) {
  const common = { id, name: id, required, 'aria-required': required ? 'true' : undefined };
  const example = schema.examples?.[0];
  const placeholder = example === undefined ? undefined : `e.g. ${String(example)}`;

  if (Array.isArray(schema.enum)) {
    const options = schema.enum.map((value) => el('option', { value: String(value) },
      String(value)));
    if (!required) options.unshift(el('option', { value: '' }, '(default)'));
    return { control: el('select', common, ...options), extras: [] };
  }

  if (schema.type === 'integer' || schema.type === 'number') {
    return { control: el('input', { ...common, type: 'number', inputmode: 'numeric',
      min: schema.minimum?.toString(), max: schema.maximum?.toString(), placeholder }),
    extras: [] };
  }

  if (/\bPEM\b/.test(schema.description ?? '')) {
    const area = el('textarea', { ...common, rows: '4', spellcheck: 'false',
      autocomplete: 'off', class: schema.writeOnly ? 'masked' : undefined,
      placeholder: '-----BEGIN ...' });
    const extras = [filePicker(area, name)];
    if (schema.writeOnly) extras.unshift(revealButton(area, name));
    return { control: area, extras };
  }

  const input = el('input', { ...common, type: schema.writeOnly ? 'password' : 'text',
    autocomplete: 'off', spellcheck: 'false', autocapitalize: 'off', placeholder });
  return { control: input, extras: schema.writeOnly ? [revealButton(input, name)] : [] };
}

/**
 * A "Show" toggle for a masked field.
 * @param {HTMLInputElement | HTMLTextAreaElement} control
 * @param {string} name
 */
export function revealButton(control, name) {
  const button = el('button', { type: 'button', class: 'secondary reveal', 'aria-pressed': 'false',
    'aria-controls': control.id, 'aria-label': `Show ${name}` }, 'Show');
  button.addEventListener('click', () => {
    const shown = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(shown));
    button.textContent = shown ? 'Hide' : 'Show';
    button.setAttribute('aria-label', `${shown ? 'Hide' : 'Show'} ${name}`);
    if (control instanceof HTMLInputElement) control.type = shown ? 'text' : 'password';
    else control.classList.toggle('masked', !shown);
  });
  return button;
}

/**
 * A file picker that loads PEM text into the textarea beside it.
 * @param {HTMLTextAreaElement} area
 * @param {string} name
 */
function filePicker(area, name) {
  const picker = el('input', { type: 'file', id: `${area.id}-file`, class: 'visually-hidden',
    accept: '.pem,.crt,.cer,.key,text/plain' });
  const label = el('label', { for: picker.id, class: 'file-button' }, 'Load file',
    el('span', { class: 'visually-hidden' }, ` for ${name}`));

  picker.addEventListener('change', async () => {
    const file = picker.files?.[0];
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      area.setCustomValidity(`${file.name} is larger than ${MAX_FILE_BYTES} bytes`);
      area.reportValidity();
      return;
    }
    area.setCustomValidity('');
    area.value = await file.text();
    area.dispatchEvent(new Event('input'));
    picker.value = '';
  });
  return el('span', { class: 'file' }, picker, label);
}

/** @param {string} name */
export function humanize(name) {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
