import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isValidHost } from '../src/net/host.js';

describe('isValidHost', () => {
  it('accepts host names and IP literals', () => {
    for (const host of ['localhost', 'db.example.com', 'db-1.internal.', 'my_db', '10.0.0.1',
      '::1', '[::1]', 'fe80::1', '2001:db8::42', 'a'.repeat(63) + '.com']) {
      expect(isValidHost(host), host).toBe(true);
    }
  });

  it('refuses anything else', () => {
    for (const host of ['', ' ', 'db host', 'http://db', 'db:5432', '-db', 'db-', 'db..x',
      '999.1.1.1', '1.2.3', 'a'.repeat(64) + '.com', '[db]', 'db\u0000', 'dé.com']) {
      expect(isValidHost(host), JSON.stringify(host)).toBe(false);
    }
  });

  it('never accepts a string with white space, slashes or NUL', () => {
    fc.assert(fc.property(fc.string(), fc.constantFrom(' ', '/', '\0', '\n', '@'),
      fc.string(), (before, bad, after) => !isValidHost(before + bad + after)));
  });
});
