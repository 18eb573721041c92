import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { portableRegexProblem } from '../src/filters/index.js';
import { adminClient } from './support/service.js';

/**
 * temp-table-regex is evaluated by PostgreSQL's `~` (ARE) so that counting stays in
 * SQL, while the contract gives filters JavaScript semantics. This checks the claim
 * that the regexes portableRegexProblem lets through mean the same in both engines,
 * on random patterns and table-like names, against the real server.
 */
const atom = fc.oneof(
  fc.constantFrom('a', 'b', 'x', '_', '1', 'T', '\\.', '\\_', '.', '\\d', '\\w', '\\s',
    '\\D', '\\W', '[a-c]', '[^a_]', '[0-9_]', '[.]'),
);
const quantified = fc.tuple(atom, fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,2}', '*?'))
  .map(([a, q]) => a + q);
const sequence = fc.array(quantified, { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''));
const group = fc.oneof(sequence,
  fc.tuple(sequence, sequence).map(([l, r]) => `(${l}|${r})`),
  sequence.map((s) => `(?:${s})`),
  fc.tuple(sequence, sequence).map(([l, r]) => `${l}(?=${r})`),
  fc.tuple(sequence, sequence).map(([l, r]) => `(?!${l})${r}`));
const pattern = fc.tuple(fc.constantFrom('', '^'), fc.array(group, { minLength: 1, maxLength: 3 }),
  fc.constantFrom('', '$')).map(([start, body, end]) => start + body.join('') + end);
const tableName = fc.string({ unit: fc.constantFrom(...'abxT1_. -'), maxLength: 10 });

describe('temp-table-regex: JavaScript and PostgreSQL agree on the portable subset', () => {
  let client: pg.Client;
  beforeAll(async () => { client = await adminClient(); });
  afterAll(async () => { await client?.end(); });

  it('matches the same names in both engines', async () => {
    await fc.assert(fc.asyncProperty(pattern, fc.array(tableName, { minLength: 1, maxLength: 8 }),
      async (source, names) => {
        fc.pre(portableRegexProblem(source) === undefined);
        const regex = new RegExp(source);
        const result = await client.query('SELECT name ~ $2 AS hit FROM unnest($1::text[]) ' +
          'WITH ORDINALITY AS t(name, n) ORDER BY n', [names, source]);
        const postgres = result.rows.map((row) => row.hit as boolean);
        expect(postgres, `/${source}/ on ${JSON.stringify(names)}`)
          .toEqual(names.map((name) => regex.test(name)));
      }), { numRuns: 300 });
  });

  it('would notice a difference: \\b, which the filters refuse, differs', async () => {
    const result = await client.query("SELECT 'x' ~ $1 AS hit", ['\\bx']);
    expect(result.rows[0].hit).not.toBe(/\bx/.test('x'));
    expect(portableRegexProblem('\\bx')).toBeDefined();
  });
});
