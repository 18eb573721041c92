// @ts-check
/** Small DOM helpers; text always goes in as text, never as HTML. */

/**
 * Creates an element with attributes and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | boolean | undefined>} [attributes]
 * @param {(Node | string)[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children);
  return element;
}

/**
 * The element with this id, which the page is known to have.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element;
}

/**
 * Copies text to the clipboard and also shows it in `target`, so that it can be copied
 * by hand where the clipboard is not allowed.
 * @param {string} text
 * @param {HTMLElement} target
 */
export async function copyAndShow(text, target) {
  const status = el('p', { class: 'copy-status', role: 'status' });
  const code = el('pre', { class: 'code', tabindex: '0' }, text);
  target.replaceChildren(status, code);
  target.hidden = false;

  try {
    await navigator.clipboard.writeText(text);
    status.textContent = 'Copied to the clipboard.';
  } catch {
    status.textContent = 'The clipboard is not available here: select the text below.';
  }
}

/**
 * A field id from a dotted field path (`extra.ssl_mode` -> `field-extra-ssl_mode`).
 * @param {string} path
 */
export function fieldId(path) {
  return `field-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/**
 * Fills a result area: a title line, then a paragraph per non-empty line.
 * @param {HTMLElement} result
 * @param {'pass' | 'fail' | 'busy'} kind
 * @param {string} title
 * @param {string[]} lines
 */
export function showResult(result, kind, title, ...lines) {
  result.className = `result banner ${kind}`;
  result.replaceChildren(el('strong', {}, title),
    ...lines.filter(Boolean).map((line) => el('p', {}, line)));
}
