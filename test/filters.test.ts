import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  type ExtractionFilters, isTempTable, parseFilters, portableRegexProblem, selectsDatabase,
  selectsSchema,
} from '../src/filters/index.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const exact = (text: string) => `^${escape(text)}$`;
const name = fc.string({ minLength: 1, maxLength: 12 });
const simplePattern = fc.oneof(name.map(exact), name.map(escape), fc.constant('.*'),
  name.map((text) => `^${escape(text)}`));
const filterObject = fc.dictionary(simplePattern,
  fc.oneof(fc.constant('*' as const), fc.array(simplePattern, { minLength: 1, maxLength: 3 })),
  { maxKeys: 4 });

function parsed(metadata: unknown): ExtractionFilters {
  const result = parseFilters(metadata);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

describe('selection rules (property-based)', () => {
  it('an empty include filter selects every database and schema', () => {
    fc.assert(fc.property(name, name, (database, schema) => {
      const filters = parsed({});
      expect(selectsSchema(filters, database, schema)).toBe(true);
      expect(selectsDatabase(filters, database)).toBe(true);
    }));
  });

  it('the exclude filter wins over any include filter', () => {
    fc.assert(fc.property(filterObject, name, name, (include, database, schema) => {
      const filters = parsed({ 'include-filter': include,
        'exclude-filter': { [exact(database)]: [exact(schema)] } });
      expect(selectsSchema(filters, database, schema)).toBe(false);
    }));
  });

  it('an anchored pattern selects exactly its name: anchors are not stripped', () => {
    fc.assert(fc.property(name, name, name, (database, schema, other) => {
      const filters = parsed({ 'include-filter': { [exact(database)]: [exact(schema)] } });
      expect(selectsSchema(filters, database, schema)).toBe(true);
      fc.pre(other !== schema);
      expect(selectsSchema(filters, database, other)).toBe(false);
      expect(selectsSchema(filters, database + other, schema)).toBe(false);
    }));
  });

  it('an unanchored pattern matches anywhere in the name, as a JavaScript regex does', () => {
    fc.assert(fc.property(name, name, name, (prefix, database, suffix) => {
      const filters = parsed({ 'include-filter': { [escape(database)]: '*' } });
      expect(selectsSchema(filters, prefix + database + suffix, 'any')).toBe(true);
    }));
  });

  it('"*" selects every schema of the matching databases only', () => {
    fc.assert(fc.property(name, name, name, (database, other, schema) => {
      fc.pre(database !== other);
      const filters = parsed({ 'include-filter': { [exact(database)]: '*' } });
      expect(selectsSchema(filters, database, schema)).toBe(true);
      expect(selectsSchema(filters, other, schema)).toBe(false);
    }));
  });

  it('a selected schema always lies in a selected database', () => {
    fc.assert(fc.property(filterObject, filterObject, name, name,
      (include, exclude, database, schema) => {
        const filters = parsed({ 'include-filter': include, 'exclude-filter': exclude });
        if (selectsSchema(filters, database, schema)) {
          expect(selectsDatabase(filters, database)).toBe(true);
        }
        if (!selectsDatabase(filters, database)) {
          expect(selectsSchema(filters, database, schema)).toBe(false);
        }
      }));
  });

  it('adding an exclude rule never selects more', () => {
    fc.assert(fc.property(filterObject, filterObject, simplePattern, name, name,
      (include, exclude, extra, database, schema) => {
        const before = parsed({ 'include-filter': include, 'exclude-filter': exclude });
        const after = parsed({ 'include-filter': include,
          'exclude-filter': { ...exclude, [extra]: '*' } });
        if (selectsSchema(after, database, schema)) {
          expect(selectsSchema(before, database, schema)).toBe(true);
        }
      }));
  });

  it('a filter given as a string of JSON means the same as the object', () => {
    fc.assert(fc.property(filterObject, filterObject, name, name,
      (include, exclude, database, schema) => {
        const asObject = parsed({ 'include-filter': include, 'exclude-filter': exclude });
        const asText = parsed({ 'include-filter': JSON.stringify(include),
          'exclude-filter': JSON.stringify(exclude) });
        expect(selectsSchema(asText, database, schema))
          .toBe(selectsSchema(asObject, database, schema));
      }));
  });

  it('temp-table-regex drops the tables it matches and keeps the others', () => {
    fc.assert(fc.property(name, name, (prefix, table) => {
      const filters = parsed({ 'temp-table-regex': `^${escape(prefix)}` });
      expect(isTempTable(filters, prefix + table)).toBe(true);
      expect(isTempTable(filters, table)).toBe(table.startsWith(prefix));
      expect(isTempTable(parsed({}), table)).toBe(false);
    }));
  });
});

describe('parseFilters', () => {
  const invalid = fc.constantFrom('(', '[a-', '*', 'a{2,1}', '(?<', '\\');

  it('names the filter and the key of every invalid regex', () => {
    fc.assert(fc.property(filterObject, invalid, name, (include, bad, database) => {
      const result = parseFilters({ 'include-filter': { ...include, [bad]: '*' },
        'exclude-filter': { [exact(database)]: [bad] } });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const fields = result.errors.map((error) => error.field);
      expect(fields).toContain('metadata.include-filter');
      expect(fields).toContain('metadata.exclude-filter');
      const named = result.errors.find((error) => error.field === 'metadata.include-filter');
      expect(named?.message).toContain(`"${bad}"`);
    }));
  });

  it('reports a bad shape, a bad JSON string and a bad temp regex together', () => {
    const result = parseFilters({ 'include-filter': '{not json', 'exclude-filter': ['x'],
      'temp-table-regex': '(' }, 'metadata.');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.field)).toEqual([
      'metadata.include-filter', 'metadata.exclude-filter', 'metadata.temp-table-regex']);
  });

  it('refuses an empty schema list and a single schema string other than "*"', () => {
    const result = parseFilters({ 'include-filter': { a: [], b: 'public' } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toHaveLength(2);
  });

  it('refuses a metadata value that is not an object, naming it', () => {
    const result = parseFilters('nope', 'metadata.');
    expect(result).toEqual({ ok: false,
      errors: [{ field: 'metadata', message: 'must be a JSON object' }] });
  });

  it('ignores the other keys of the metadata object', () => {
    expect(parseFilters({ 'extraction-method': 'query' }).ok).toBe(true);
  });

  it('refuses regexes with nested repetition, which can backtrack exponentially', () => {
    for (const pattern of ['^(a+)+$', '(x*)*', '((ab)+c)+', '(a+){2,}', '(?:s\\w*)+$']) {
      const result = parseFilters({ 'include-filter': { [pattern]: '*' } });
      expect(result.ok, pattern).toBe(false);
      if (!result.ok) expect(result.errors[0]?.message).toMatch(/exponential/);
    }
    for (const pattern of ['^(sales|crm)$', '(tmp_)+', '^[a-z]+_(eu|us)$', '(a+)?', '[(]+[)]*']) {
      expect(parseFilters({ 'include-filter': { [pattern]: '*' } }).ok, pattern).toBe(true);
    }
    const long = parseFilters({ 'temp-table-regex': 'a'.repeat(1_001) });
    expect(long.ok).toBe(false);
  });

  it('refuses temp-table regexes the database would read differently', () => {
    for (const pattern of ['\\btmp', 'tmp\\B', '[[:alpha:]]+', '[]x]', '(?<n>tmp)', '\\x41']) {
      const result = parseFilters({ 'temp-table-regex': pattern });
      expect(result.ok, pattern).toBe(false);
      if (!result.ok) expect(result.errors[0]?.field).toBe('metadata.temp-table-regex');
    }
    for (const pattern of ['^tmp_', '_(old|bak)$', '^t\\d+\\.x', '[^a-z]', '(?<!x)y', '\\w+']) {
      expect(portableRegexProblem(pattern), pattern).toBeUndefined();
    }
  });
});
