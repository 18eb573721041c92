// @ts-check
/**
 * Turns what is ticked in the selection tree into the contract's filter object. Pure:
 * no DOM, so it is unit-tested directly (test/ui/filters.test.ts).
 */

/**
 * @typedef {{ database: string, schema?: string, mode: 'include' | 'exclude' }} Choice
 *   One ticked box: a whole database (no schema) or one schema of it.
 * @typedef {Record<string, '*' | string[]>} Filter A database regex to schema regexes.
 * @typedef {{ 'include-filter': Filter, 'exclude-filter': Filter,
 *   'temp-table-regex'?: string }} Filters
 */

// The characters that mean something in a regex, both in JavaScript and in POSIX
// regexes, where a backslash before any of them makes it literal too.
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/**
 * A regex that matches exactly this name and nothing else.
 * @param {string} name
 * @returns {string}
 */
export function exactRegex(name) {
  return `^${name.replace(REGEX_SYNTAX, '\\$&')}$`;
}

/**
 * The filters a run with these choices would use. A ticked database means all of its
 * schemas (`"*"`), whatever is ticked below it. An empty temp-table regex is left out:
 * an empty regex would match, and so drop, every table.
 * @param {readonly Choice[]} choices
 * @param {string} tempTableRegex
 * @returns {Filters}
 */
export function buildFilters(choices, tempTableRegex) {
  /** @type {Filters} */
  const filters = {
    'include-filter': filterFor(choices.filter((choice) => choice.mode === 'include')),
    'exclude-filter': filterFor(choices.filter((choice) => choice.mode === 'exclude')),
  };
  if (tempTableRegex !== '') filters['temp-table-regex'] = tempTableRegex;
  return filters;
}

/**
 * @param {readonly Choice[]} choices of one mode
 * @returns {Filter}
 */
function filterFor(choices) {
  /** @type {Map<string, '*' | string[]>} */
  const byDatabase = new Map();

  for (const { database, schema } of choices) {
    const sofar = byDatabase.get(database);
    if (schema === undefined) byDatabase.set(database, '*');
    else if (sofar === undefined) byDatabase.set(database, [exactRegex(schema)]);
    else if (sofar !== '*' && !sofar.includes(exactRegex(schema))) {
      sofar.push(exactRegex(schema));
    }
  }

  /** @type {Filter} */
  const filter = {};
  const names = [...byDatabase.keys()].sort();
  for (const name of names) {
    const schemas = /** @type {'*' | string[]} */ (byDatabase.get(name));
    filter[exactRegex(name)] = schemas === '*' ? '*' : [...schemas].sort();
  }
  return filter;
}

/**
 * Whether a regex compiles; the service checks again and names the filter if not.
 * @param {string} source
 * @returns {string | undefined} what is wrong, or undefined when it compiles
 */
export function regexProblem(source) {
  try {
    new RegExp(source);
    return undefined;
  } catch {
    return 'is not a valid regular expression';
  }
}
