import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { RunningService } from '../../../src/index.js';

interface OpenApi {
  info: { title: string };
  paths: Record<string, { post: { requestBody: { content: Record<string, {
    schema: { properties: Record<string, unknown> } }> } } }>;
}

const SOURCE_DIR = new URL('../src/', import.meta.url).pathname;

describe('the example app', () => {
  let service: RunningService | undefined;
  afterAll(async () => service?.close());

  it('starts from its own entry file and publishes its credential schema', async () => {
    process.env.PORT = '0';
    process.env.HOST = '127.0.0.1';
    process.env.LOG_LEVEL = 'silent';
    ({ service } = await import('../src/main.js'));

    const health = await fetch(`${service.url}/server/health`);
    expect(health.status).toBe(200);

    const openapi = await (await fetch(`${service.url}/openapi.json`)).json() as OpenApi;
    expect(openapi.info.title).toContain('Inventory REST API');
    const body = openapi.paths['/workflows/v1/auth']!.post.requestBody
      .content['application/json']!.schema;
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(
      ['authType', 'baseUrl', 'token', 'clientId', 'clientSecret', 'tokenUrl']));
    expect(body.properties).not.toHaveProperty('database');
  });

  it('imports nothing from the package but its public entry point', async () => {
    const files = (await readdir(SOURCE_DIR)).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);

    for (const file of files) {
      const text = await readFile(join(SOURCE_DIR, file), 'utf8');
      const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?\sfrom\s+'([^']+)'/gm)]
        .map((match) => match[1]!);
      for (const specifier of specifiers) {
        const allowed = specifier.startsWith('node:') || /^\.\/[\w-]+\.js$/.test(specifier) ||
          specifier === '../../../src/index.js';
        expect(allowed, `${file} imports ${specifier}`).toBe(true);
      }
    }
  });
});
