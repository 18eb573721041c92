import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

const GUIDE = new URL('../../../docs/writing-a-connector.md', import.meta.url);
const EXAMPLE = new URL('../', import.meta.url);

/** The example as the guide prints it: the import from the package by its name. */
function asPrinted(source: string): string {
  return source
    .replace(/^\/\/ In an app of your own this import reads: from 'sourcegate'\.\n/gm, '')
    .replaceAll("'../../../src/index.js'", "'sourcegate'");
}

describe('docs/writing-a-connector.md', () => {
  it('shows only code that the example runs, excerpt by excerpt', async () => {
    const guide = await readFile(GUIDE, 'utf8');
    const blocks = [...guide.matchAll(/<!-- example: (\S+) -->\n```ts\n([\s\S]*?)\n```/g)];
    expect(blocks.length).toBeGreaterThanOrEqual(6);

    for (const [, file, code] of blocks) {
      const source = asPrinted(await readFile(new URL(file!, EXAMPLE), 'utf8'));
      expect(source.includes(code!), `the guide's ${file} excerpt is not in the example`)
        .toBe(true);
    }
  });

  it('covers every source file of the example', async () => {
    const guide = await readFile(GUIDE, 'utf8');
    for (const file of ['credentials.ts', 'http-get.ts', 'api-client.ts', 'handler.ts',
      'preflight.ts', 'index.ts', 'main.ts']) {
      expect(guide).toContain(`<!-- example: src/${file} -->`);
    }
  });
});
