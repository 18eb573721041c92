import { afterEach, describe, expect, it } from 'vitest';

import { serve } from '../src/cli/serve.js';
import { ConfigError } from '../src/config.js';
import type { RunningService } from '../src/index.js';

const saved = { ...process.env };
let running: RunningService | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
  for (const name of ['SOURCEGATE_CONNECTOR', 'PORT', 'HOST', 'LOG_LEVEL']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

interface OpenApi {
  info: { title: string };
  paths: Record<string, { post: { requestBody: { content: Record<string, {
    schema: { properties: Record<string, { example?: unknown; description?: string }> };
  }> } } }>;
}

/** Starts the service the way `npm start` does, with the environment given. */
async function startWith(connector: string | undefined) {
  process.env.PORT = '0';
  process.env.HOST = '127.0.0.1';
  process.env.LOG_LEVEL = 'silent';
  if (connector === undefined) delete process.env.SOURCEGATE_CONNECTOR;
  else process.env.SOURCEGATE_CONNECTOR = connector;

  running = await serve();
  const openapi = await (await fetch(`${running.url}/openapi.json`)).json() as OpenApi;
  const auth = openapi.paths['/workflows/v1/auth']!.post.requestBody.content['application/json'];
  return { title: openapi.info.title, credentials: auth!.schema };
}

describe('choosing the connector with SOURCEGATE_CONNECTOR', () => {
  it('serves MySQL, and the OpenAPI document shows its credential schema', async () => {
    const { title, credentials } = await startWith('mysql');
    expect(title).toContain('MySQL');
    expect(credentials.properties.port).toMatchObject({ example: 3306,
      description: 'MySQL listens on 3306 by default.' });
    expect(credentials.properties.database!.example).toBe('sales');
  });

  it('serves PostgreSQL when nothing is chosen', async () => {
    const { title, credentials } = await startWith(undefined);
    expect(title).toContain('PostgreSQL');
    expect(credentials.properties.port!.example).toBe(5432);
  });

  it('refuses an unknown name, listing the ones it knows', async () => {
    await expect(startWith('oracle')).rejects.toSatisfy((error: unknown) =>
      error instanceof ConfigError && /postgres, mysql/.test(error.message));
  });
});
