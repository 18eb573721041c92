import { describe, expect, it } from 'vitest';

import { buildFilters, exactRegex, regexProblem } from '../../src/ui/static/js/filters.js';

describe('setup page filters', () => {
  it('anchors names and escapes every regex metacharacter', () => {
    expect(exactRegex('sales')).toBe('^sales$');
    const odd = 'a.b*c+d?e^f$g(h)i[j]k{l}m|n\\o/p';
    const regex = new RegExp(exactRegex(odd));
    expect(regex.test(odd)).toBe(true);
    expect(regex.test(`x${odd}`)).toBe(false);
    expect(new RegExp(exactRegex('a.b')).test('axb')).toBe(false);
  });

  it('is valid with the unicode flag, where a needless escape is an error', () => {
    expect(() => new RegExp(exactRegex('my-db_1 (old)'), 'u')).not.toThrow();
  });

  it('maps two ticked schemas of one database to a sorted list', () => {
    const filters = buildFilters([
      { database: 'sales', schema: 'public', mode: 'include' },
      { database: 'sales', schema: 'crm', mode: 'include' },
    ], '');
    expect(filters).toEqual({
      'include-filter': { '^sales$': ['^crm$', '^public$'] },
      'exclude-filter': {},
    });
  });

  it('lets a ticked database stand for all its schemas', () => {
    const filters = buildFilters([
      { database: 'hr', schema: 'people', mode: 'include' },
      { database: 'hr', mode: 'include' },
      { database: 'sales', schema: 'tmp', mode: 'exclude' },
    ], '^tmp_');
    expect(filters).toEqual({
      'include-filter': { '^hr$': '*' },
      'exclude-filter': { '^sales$': ['^tmp$'] },
      'temp-table-regex': '^tmp_',
    });
  });

  it('leaves an empty temp-table regex out, since it would match every table', () => {
    expect(buildFilters([], '')).not.toHaveProperty('temp-table-regex');
  });

  it('names a regex that does not compile', () => {
    expect(regexProblem('^tmp_(')).toMatch(/not a valid regular expression/);
    expect(regexProblem('^tmp_')).toBeUndefined();
  });
});
