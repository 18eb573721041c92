import { existsSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { ERROR_CODES, ERROR_CODE_NAMES } from '../src/errors/codes.js';

/** Rows of the first markdown table whose first cell is an upper-case code. */
function codeRows(markdown: string): string[][] {
  return markdown.split('\n')
    .filter((line) => /^\| [A-Z_]+ \|/.test(line))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
}

describe('the error catalogue and its documentation', () => {
  it('docs/error-codes.md lists exactly the catalogue, with its meaning, fields and fix', () => {
    const rows = codeRows(readFileSync('docs/error-codes.md', 'utf8'));
    expect(rows.map(([code]) => code)).toEqual(ERROR_CODE_NAMES);

    for (const [code, meaning, fields, fix] of rows) {
      const entry = ERROR_CODES[code as keyof typeof ERROR_CODES];
      expect(meaning, code).toBe(entry.meaning);
      expect(fields, code).toBe(entry.fields.join(', '));
      expect(fix, code).toBe(entry.fix);
    }
  });

  // The contract lives beside the repository in the team's checkout (and in CI), not in
  // a clone of this repository alone.
  const contractPath = '../shared/spec/http-api.md';
  it.skipIf(!existsSync(contractPath))('the catalogue has every code of the HTTP contract', () => {
    const contract = readFileSync(contractPath, 'utf8');
    const contractCodes = codeRows(contract).map(([code]) => code);
    expect(contractCodes.length).toBeGreaterThan(0);
    expect([...ERROR_CODE_NAMES].sort()).toEqual([...contractCodes].sort());
  });
});
