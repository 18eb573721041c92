// @ts-check
/**
 * The selection tree: databases that expand to their schemas, loaded when first opened
 * so that a large catalog costs one small call per database looked at. Built from
 * native buttons and checkboxes so that Tab, Space and Enter work without scripting.
 */
import { el } from './dom.js';

/**
 * @typedef {import('./filters.js').Choice} Choice
 * @typedef {{ ok: true, schemas: string[] } | { ok: false, message: string }} SchemaList
 */

const MODES = /** @type {const} */ (['include', 'exclude']);

export class SelectionTree {
  #list;
  #onChange;
  #loadSchemas;
  #nextId = 0;

  /**
   * @param {HTMLElement} list the <ul> to fill
   * @param {() => void} onChange called whenever the ticked boxes change
   * @param {(database: string) => Promise<SchemaList>} loadSchemas
   */
  constructor(list, onChange, loadSchemas) {
    this.#list = list;
    this.#onChange = onChange;
    this.#loadSchemas = loadSchemas;
  }

  /** @param {readonly string[]} databases */
  showDatabases(databases) {
    this.#list.replaceChildren(...databases.map((name) => this.#databaseNode(name)));
    if (databases.length === 0) {
      this.#list.append(el('li', { class: 'empty' }, 'No databases are visible to this user.'));
    }
    this.#onChange();
  }

  /** What is ticked, as the filters need it; a ticked database stands for all below it. */
  choices() {
    /** @type {Choice[]} */
    const choices = [];
    for (const node of this.#list.querySelectorAll('li[data-database]')) {
      const database = /** @type {string} */ (node.getAttribute('data-database'));
      for (const mode of MODES) {
        if (box(node, mode).checked) {
          choices.push({ database, mode });
          continue;
        }
        for (const schemaNode of node.querySelectorAll('li[data-schema]')) {
          const schema = /** @type {string} */ (schemaNode.getAttribute('data-schema'));
          if (box(schemaNode, mode).checked) choices.push({ database, schema, mode });
        }
      }
    }
    return choices;
  }

  /** @param {string} name */
  #databaseNode(name) {
    const childrenId = `schemas-${this.#nextId++}`;
    const expand = el('button', { type: 'button', class: 'expand', 'aria-expanded': 'false',
      'aria-controls': childrenId },
    el('span', { class: 'chevron', 'aria-hidden': 'true' }), name,
    el('span', { class: 'visually-hidden' }, ': show schemas'));
    const children = el('ul', { id: childrenId, class: 'tree-children', hidden: true });
    const node = el('li', { 'data-database': name },
      el('div', { class: 'tree-row' }, expand, ...this.#boxes(`database ${name}`)), children);

    expand.addEventListener('click', () => this.#toggle(node, expand, children));
    node.querySelector('.tree-row')?.addEventListener('change', (event) => {
      settleRow(node, /** @type {HTMLInputElement} */ (event.target));
      syncSchemas(node);
      this.#onChange();
    });
    return node;
  }

  /**
   * @param {HTMLElement} node
   * @param {HTMLButtonElement} expand
   * @param {HTMLElement} children
   */
  async #toggle(node, expand, children) {
    const opening = expand.getAttribute('aria-expanded') !== 'true';
    expand.setAttribute('aria-expanded', String(opening));
    children.hidden = !opening;
    if (!opening || node.dataset.loaded === 'true' || node.dataset.loading === 'true') return;

    node.dataset.loading = 'true';
    children.replaceChildren(el('li', { class: 'loading' }, 'Loading schemas…'));
    const database = /** @type {string} */ (node.getAttribute('data-database'));
    const answer = await this.#loadSchemas(database);
    delete node.dataset.loading;

    if (!answer.ok) {
      // Left unloaded, so that closing and opening again retries.
      children.replaceChildren(el('li', { class: 'field-error', role: 'alert' }, answer.message));
      return;
    }
    node.dataset.loaded = 'true';
    children.replaceChildren(...answer.schemas.map((schema) => this.#schemaNode(database, schema)));
    if (answer.schemas.length === 0) {
      children.append(el('li', { class: 'empty' }, 'No schemas are visible in this database.'));
    }
    syncSchemas(node);
  }

  /**
   * @param {string} database
   * @param {string} schema
   */
  #schemaNode(database, schema) {
    const node = el('li', { 'data-schema': schema },
      el('div', { class: 'tree-row' }, el('span', { class: 'name' }, schema),
        ...this.#boxes(`schema ${database}.${schema}`)));
    node.addEventListener('change', (event) => {
      settleRow(node, /** @type {HTMLInputElement} */ (event.target));
      this.#onChange();
    });
    return node;
  }

  /** @param {string} what such as `schema sales.public`, for the accessible names */
  #boxes(what) {
    return MODES.map((mode) => {
      const input = el('input', { type: 'checkbox', 'data-mode': mode,
        'aria-label': `${mode === 'include' ? 'Include' : 'Exclude'} ${what}` });
      return el('label', { class: `choice ${mode}` }, input,
        mode === 'include' ? 'Include' : 'Exclude');
    });
  }
}

/**
 * The checkbox of one mode on a node's own row.
 * @param {Element} node
 * @param {'include' | 'exclude'} mode
 * @returns {HTMLInputElement}
 */
function box(node, mode) {
  return /** @type {HTMLInputElement} */ (
    node.querySelector(`:scope > .tree-row input[data-mode="${mode}"]`));
}

/**
 * Include and exclude of one row exclude each other.
 * @param {Element} node
 * @param {HTMLInputElement} changed
 */
function settleRow(node, changed) {
  if (!changed.checked) return;
  const other = box(node, changed.dataset.mode === 'include' ? 'exclude' : 'include');
  if (!other.disabled) other.checked = false;
}

/**
 * A ticked database covers its schemas: their boxes of that mode show ticked and
 * locked, and come back unticked when the database is unticked.
 * @param {Element} databaseNode
 */
function syncSchemas(databaseNode) {
  for (const mode of MODES) {
    const whole = box(databaseNode, mode).checked;
    for (const schemaNode of databaseNode.querySelectorAll('li[data-schema]')) {
      const input = box(schemaNode, mode);
      if (whole) {
        input.checked = true;
        input.disabled = true;
      } else if (input.disabled) {
        input.checked = false;
        input.disabled = false;
      }
    }
  }
}
