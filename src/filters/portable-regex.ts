/** Escapes that PostgreSQL's ARE, MySQL's ICU, MariaDB's PCRE and JavaScript read alike. */
const PORTABLE_LETTER_ESCAPES = new Set([...'dDsSwWtnrfv']);
/** Group openers the engines share; PostgreSQL has lookbehind since 9.6. */
const PORTABLE_GROUPS = ['(?:', '(?=', '(?!', '(?<=', '(?<!'];

const ADVICE = 'this regex is evaluated by the database, which would read it differently; ' +
  'use plain characters, escaped punctuation, classes, \\d \\s \\w, groups and lookaheads';

/**
 * Returns why `pattern` (already a valid JavaScript regex) could match differently in
 * the source's regex engine, or undefined when it is in the shared subset. The
 * differences it guards: `\b` is a word boundary in JavaScript but a backspace in
 * PostgreSQL, `\B` is a backslash there, `\A` `\Z` `\m` `\M` `\y` are anchors there and
 * plain letters here, `\x` takes any number of hex digits there, `[[:alpha:]]` is a
 * POSIX class there and literal characters here, `[]` is empty here and opens a class
 * holding `]` there, and named groups do not exist there.
 */
export function portableRegexProblem(pattern: string): string | undefined {
  let inClass = false;

  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index];
    const next = pattern[index + 1] ?? '';

    if (char === '\\') {
      if (/[A-Za-z0-9]/.test(next) && !PORTABLE_LETTER_ESCAPES.has(next)) {
        return `uses \\${next}: ${ADVICE}`;
      }
      index += 1;
      continue;
    }

    if (inClass) {
      if (char === '[' && /[:.=]/.test(next)) return `uses [${next} inside a class: ${ADVICE}`;
      if (char === ']') inClass = false;
      continue;
    }

    if (char === '[') {
      const opening = pattern.slice(index + 1, index + 3);
      if (next === ']' || opening === '^]') return `uses an empty class "[]": ${ADVICE}`;
      inClass = true;
      if (next === '^') index += 1;
      continue;
    }

    if (char === '(' && next === '?' &&
      !PORTABLE_GROUPS.some((group) => pattern.startsWith(group, index))) {
      return `uses a named group: ${ADVICE}`;
    }
  }

  return undefined;
}
