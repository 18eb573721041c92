import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import { postgresConnector } from '../../src/connectors/postgres/index.js';
import { UI_STATIC_ROOT } from '../../src/server/routes/ui.js';
import { testService } from '../support/service.js';

const TOKEN = 'ui-route-test-token-5d1f';

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => entry.isDirectory()
    ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)]);
}

describe('GET / and the setup page assets', () => {
  it('serves the page with a same-origin-only content security policy', async () => {
    const { app } = await testService();
    const page = await app.inject({ method: 'GET', url: '/' });

    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.body).toContain('src="/ui/js/main.js"');

    const script = await app.inject({ method: 'GET', url: '/ui/js/main.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    await app.close();
  });

  it('loads nothing from another origin, so it works offline', () => {
    for (const file of filesUnder(UI_STATIC_ROOT)) {
      expect(readFileSync(file, 'utf8'), relative(UI_STATIC_ROOT, file))
        .not.toMatch(/(?:src|href)=["']?(?:https?:)?\/\/|@import|url\(["']?(?:https?:)?\/\//);
    }
  });

  it('builds into dist exactly the files it serves from source', () => {
    const built = join('dist', 'src', 'ui', 'static');
    const sources = filesUnder(UI_STATIC_ROOT).map((file) => relative(UI_STATIC_ROOT, file));
    expect(filesUnder(built).map((file) => relative(built, file)).sort()).toEqual(sources.sort());
    for (const file of sources) {
      expect(readFileSync(join(built, file), 'utf8'), file)
        .toBe(readFileSync(join(UI_STATIC_ROOT, file), 'utf8'));
    }
  });

  it('leaves the page, its assets and /server/info open when an API token is set', async () => {
    const { app } = await testService({ config: { apiToken: TOKEN } });

    for (const url of ['/', '/?from=readme', '/ui/setup.css', '/ui/js/main.js', '/server/info']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    const info = await app.inject({ method: 'GET', url: '/server/info' });
    expect(info.json().requiresToken).toBe(true);
    expect(info.body).not.toContain(TOKEN);
    await app.close();
  });

  it('opens no way around the token through the asset prefix', async () => {
    const { app } = await testService({ config: { apiToken: TOKEN } });
    const body = { authType: 'basic', host: '127.0.0.1', port: 1, username: 'u', password: 'p',
      database: 'd' };

    for (const url of ['/ui/../workflows/v1/auth', '/ui/%2e%2e/workflows/v1/auth',
      '//workflows/v1/auth', '/?/../workflows/v1/auth']) {
      const response = await app.inject({ method: 'POST', url, payload: body });
      expect([401, 404], url).toContain(response.statusCode);
    }
    await app.close();
  });
});

describe('GET /server/info', () => {
  it('publishes the credential schema that validates requests, and which fields are secret',
    async () => {
      const { app } = await testService();
      const info = (await app.inject({ method: 'GET', url: '/server/info' })).json();

      expect(info).toMatchObject({ connector: 'postgres', displayName: 'PostgreSQL',
        requiresToken: false });
      expect(info.credentialSchema).toEqual(
        JSON.parse(JSON.stringify(postgresConnector.credentials.schema)));
      expect(info.secretFields).toEqual([...postgresConnector.credentials.secretFields]);
      expect(info.secretFields).toContain('password');
      expect(info.operations).toEqual({ metadata: true, preflight: true });
      await app.close();
    });

  it('says which operations a connector lacks, so the page can say so up front', async () => {
    const { name, displayName, credentials, testAuth } = postgresConnector;
    const { app } = await testService({ connector: { name, displayName, credentials, testAuth } });
    const info = (await app.inject({ method: 'GET', url: '/server/info' })).json();

    expect(info.operations).toEqual({ metadata: false, preflight: false });
    await app.close();
  });
});
