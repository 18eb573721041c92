import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { postgresConnector } from '../src/connectors/postgres/index.js';
import { PostgresCatalogFixture, sessionsAfterSettling } from './support/postgres-catalog.js';
import { testService } from './support/service.js';

type Entry = { TABLE_CATALOG: string; TABLE_SCHEMA?: string };
const SYSTEM_SCHEMA = /^(pg_catalog|information_schema|pg_toast|pg_temp_\d+|pg_toast_temp_\d+)$/;

describe('POST /workflows/v1/metadata against a real PostgreSQL catalog', () => {
  const catalog = new PostgresCatalogFixture();
  let service: Awaited<ReturnType<typeof testService>>;

  beforeAll(async () => {
    await catalog.create();
    service = await testService();
  });

  afterAll(async () => {
    await service?.app.close();
    await catalog.drop();
  });

  const post = (payload: unknown) => service.app.inject({ method: 'POST',
    url: '/workflows/v1/metadata', payload: payload as Record<string, unknown> });

  it('type database lists connectable databases only, without templates', async () => {
    const response = await post({ ...catalog.credentials(), type: 'database' });
    expect(response.statusCode).toBe(200);
    const data = response.json().data as Entry[];
    const names = data.map((entry) => entry.TABLE_CATALOG);
    expect(names).toContain(catalog.main);
    expect(names).toContain(catalog.second);
    for (const hidden of [catalog.noConnect, catalog.template, catalog.closed, 'template0',
      'template1']) {
      expect(names).not.toContain(hidden);
    }
    expect(data.every((entry) => Object.keys(entry).join() === 'TABLE_CATALOG')).toBe(true);
  });

  it('type schema lists the usable schemas of the named database, no system schemas',
    async () => {
      const response = await post({ ...catalog.credentials(), type: 'schema' });
      expect(response.statusCode).toBe(200);
      expect(response.json().data).toEqual([
        { TABLE_CATALOG: catalog.main, TABLE_SCHEMA: 'public' },
        { TABLE_CATALOG: catalog.main, TABLE_SCHEMA: 'sales' },
      ]);
    });

  it('type all (the default) pairs every database with its usable schemas', async () => {
    const response = await post(catalog.credentials());
    expect(response.statusCode).toBe(200);
    const data = response.json().data as Entry[];
    const pairs = data.map((entry) => `${entry.TABLE_CATALOG}.${entry.TABLE_SCHEMA}`);
    expect(pairs).toEqual(expect.arrayContaining([`${catalog.main}.public`,
      `${catalog.main}.sales`, `${catalog.second}.public`, `${catalog.second}.crm`]));
    expect(pairs).not.toContain(`${catalog.main}.private`);
    expect(data.some((entry) => entry.TABLE_CATALOG === catalog.noConnect)).toBe(false);
    expect(data.filter((entry) => SYSTEM_SCHEMA.test(entry.TABLE_SCHEMA ?? ''))).toEqual([]);
    expect(await sessionsAfterSettling(catalog)).toBe(0);
  });

  it('names every bad field, type included, in one 400', async () => {
    const response = await post({ ...catalog.credentials(), port: 'x', type: 'tables' });
    expect(response.statusCode).toBe(400);
    const fields = (response.json().errors as { field: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['type', 'port']));
  });

  it('answers DATABASE_NOT_FOUND for the schemas of a database that does not exist',
    async () => {
      const response = await post({ ...catalog.credentials('no_such_db_here'), type: 'schema' });
      expect(response.statusCode).toBe(500);
      expect(response.json().error).toMatchObject({ code: 'DATABASE_NOT_FOUND',
        fields: ['database'] });
    });

  it('answers INVALID_CREDENTIALS for a wrong password, without echoing it', async () => {
    const response = await post(catalog.credentials(catalog.main, 'Wrong-Secret-123'));
    expect(response.statusCode).toBe(500);
    expect(response.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(response.body).not.toContain('Wrong-Secret-123');
    expect(service.logs.text()).not.toContain('Wrong-Secret-123');
  });

  it('answers 401 for /metadata and /check without the API token, before any work',
    async () => {
      const guarded = await testService({ config: { apiToken: 'Service-Token-31f' } });
      for (const url of ['/workflows/v1/metadata', '/workflows/v1/check']) {
        const response = await guarded.app.inject({ method: 'POST', url,
          payload: catalog.credentials() });
        expect(response.statusCode).toBe(401);
        expect(response.json().success).toBe(false);
      }
      const spec = await guarded.app.inject({ url: '/openapi.json' });
      const paths = Object.keys(spec.json().paths);
      expect(paths).toEqual(expect.arrayContaining(['/workflows/v1/metadata',
        '/workflows/v1/check']));
      await guarded.app.close();
    });

  it('answers 501 for a connector without metadata retrieval', async () => {
    const bare = await testService({ connector: { ...postgresConnector,
      fetchMetadata: undefined } });
    const response = await bare.app.inject({ method: 'POST', url: '/workflows/v1/metadata',
      payload: catalog.credentials() });
    expect(response.statusCode).toBe(501);
    expect(response.json().message).toMatch(/does not implement metadata/);
    await bare.app.close();
  });
});
