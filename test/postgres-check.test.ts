import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { postgresConnector, postgresPreflight } from '../src/connectors/postgres/index.js';
import { PostgresCatalogFixture, sessionsAfterSettling } from './support/postgres-catalog.js';
import { adminClient, testService } from './support/service.js';

const CHECKS = ['authenticationCheck', 'databaseSchemaCheck', 'tablesCheck', 'versionCheck',
  'permissionsCheck'];
const { SALES_RELATIONS } = PostgresCatalogFixture;

describe('POST /workflows/v1/check against a real PostgreSQL catalog', () => {
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

  const check = async (metadata: unknown, credentials: unknown = catalog.credentials()) => {
    const response = await service.app.inject({ method: 'POST', url: '/workflows/v1/check',
      payload: { credentials, metadata } as Record<string, unknown> });
    return { status: response.statusCode, body: response.json(), text: response.body };
  };
  const exactly = (name: string) => `^${name}$`;

  it('passes every check for a readable selection, counting views and matviews', async () => {
    const { status, body } = await check({ 'include-filter': { [exactly(catalog.second)]: '*' } });
    expect(status).toBe(200);
    expect(Object.keys(body.data)).toEqual(CHECKS);
    expect(body.success).toBe(true);
    for (const name of CHECKS) {
      expect(body.data[name]).toMatchObject({ success: true, mandatory: true, failureMessage: '' });
      expect(body.data[name].durationMs).toBeGreaterThanOrEqual(0);
    }
    // crm.customers and crm.v_customers; the empty public schema adds nothing.
    expect(body.data.tablesCheck.tableCount).toBe(2);
    expect(body.data.tablesCheck.successMessage).toBe('2 tables and views match the filters');
    expect(await sessionsAfterSettling(catalog)).toBe(0);
  });

  it('counts partitioned parents once, foreign tables, and drops temp-table-regex matches',
    async () => {
      const include = { [exactly(catalog.main)]: ['^sales$'] };
      const all = await check({ 'include-filter': include });
      expect(all.body.data.tablesCheck.tableCount).toBe(SALES_RELATIONS);

      const withoutTemp = await check({ 'include-filter': JSON.stringify(include),
        'temp-table-regex': '^tmp_' });
      expect(withoutTemp.body.data.tablesCheck.tableCount).toBe(SALES_RELATIONS - 1);
    });

  it('names the tables without SELECT and the schemas without USAGE', async () => {
    const { body } = await check({ 'include-filter': { [exactly(catalog.main)]: '*' } });
    expect(body.success).toBe(false);
    const permissions = body.data.permissionsCheck;
    expect(permissions.success).toBe(false);
    expect(permissions.error).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(permissions.schemasWithoutUsage).toEqual([`${catalog.main}.private`]);
    expect(permissions.tablesWithoutSelect).toEqual([`${catalog.main}.sales.secret`]);
    expect(permissions.failureMessage).toContain(`${catalog.main}.sales.secret`);
    expect(permissions.failureMessage).toContain(`${catalog.main}.private`);
  });

  it('passes permissions once the exclude filter and temp regex drop the unreadable',
    async () => {
      const { body } = await check({ 'include-filter': { [exactly(catalog.main)]: '*' },
        'exclude-filter': { [exactly(catalog.main)]: ['^private$'] },
        'temp-table-regex': '^secret$' });
      expect(body.data.permissionsCheck.success).toBe(true);
      expect(body.success).toBe(true);
    });

  it('with no include filter, takes what /metadata lists and names nothing outside it',
    async () => {
      const { body } = await check({});
      const permissions = body.data.permissionsCheck;
      expect(permissions.databasesWithoutConnect).toEqual([]);
      expect(permissions.schemasWithoutUsage).toEqual([]);
      // Other test files' databases on the shared server add to the count, never take away.
      expect(body.data.tablesCheck.tableCount).toBeGreaterThanOrEqual(SALES_RELATIONS + 3);
      expect(body.data.databaseSchemaCheck.success).toBe(true);
    });

  it('names databases the user may not connect to', async () => {
    const { body } = await check({ 'include-filter': { [exactly(catalog.noConnect)]: '*' } });
    expect(body.data.permissionsCheck.databasesWithoutConnect).toEqual([catalog.noConnect]);
    expect(body.data.databaseSchemaCheck.success).toBe(true);
  });

  it('names every included database and schema that does not exist', async () => {
    const { body } = await check({ 'include-filter': {
      [exactly(catalog.main)]: ['^sales$', '^crm$', '^sale$'],
      '^no_such_database$': '*',
    } });
    const found = body.data.databaseSchemaCheck;
    expect(found.success).toBe(false);
    expect(found.error.code).toBe('DATABASE_NOT_FOUND');
    expect(found.missing).toEqual([`Schema ${catalog.main}.crm`, `Schema ${catalog.main}.sale`,
      'Database no_such_database']);
    expect(found.failureMessage).toContain(`Schema ${catalog.main}.crm`);
  });

  it('uses real regex semantics: an unanchored pattern matches inside a name', async () => {
    const { body } = await check({ 'include-filter': { [exactly(catalog.main)]: ['ale'] } });
    expect(body.data.databaseSchemaCheck.success).toBe(true);
    expect(body.data.tablesCheck.tableCount).toBe(SALES_RELATIONS);
  });

  it('fails tablesCheck when the filters select nothing, with a hint about them', async () => {
    const { body } = await check({ 'include-filter': { [exactly(catalog.main)]: ['^sales$'] },
      'temp-table-regex': '.' });
    const tables = body.data.tablesCheck;
    expect(tables).toMatchObject({ success: false, tableCount: 0 });
    expect(tables.error.fields).toContain('metadata.temp-table-regex');
    expect(tables.error.hint).toMatch(/include-filter/);
  });

  it('reports the server version and the minimum, and fails below it', async () => {
    const passing = await check({ 'include-filter': { [exactly(catalog.second)]: '*' } });
    expect(passing.body.data.versionCheck.minimumVersion).toBe('10');
    expect(passing.body.data.versionCheck.serverVersion).toMatch(/^\d+\.\d+/);

    const strict = await testService({ connector: { ...postgresConnector,
      preflight: postgresPreflight({ minimumServerVersion: '99.1' }) } });
    const response = await strict.app.inject({ method: 'POST', url: '/workflows/v1/check',
      payload: { credentials: catalog.credentials() } });
    const version = response.json().data.versionCheck;
    expect(version.success).toBe(false);
    expect(version.failureMessage).toContain('99.1');
    expect(version.failureMessage).toContain(version.serverVersion);
    await strict.app.close();
  });

  it('skips the session checks after a failed login, pointing at it', async () => {
    const { status, body, text } = await check({},
      catalog.credentials(catalog.main, 'Wrong-Secret-456'));
    expect(status).toBe(200);
    expect(body.success).toBe(false);
    expect(body.data.authenticationCheck.error.code).toBe('INVALID_CREDENTIALS');
    for (const name of CHECKS.slice(1)) {
      expect(body.data[name]).toMatchObject({ success: false, skipped: true });
      expect(body.data[name].failureMessage).toMatch(/authenticationCheck/);
    }
    expect(text).not.toContain('Wrong-Secret-456');
  });

  it('names every bad credential field and filter in one 400', async () => {
    const { status, body } = await check({ 'include-filter': { '^(sales': '*' },
      'temp-table-regex': '\\bx' }, { ...catalog.credentials(), port: 70000 });
    expect(status).toBe(400);
    const fields = (body.errors as { field: string }[]).map((error) => error.field);
    expect(fields).toEqual(['credentials.port', 'metadata.include-filter',
      'metadata.temp-table-regex']);
    expect(body.errors[1].message).toContain('^(sales');
  });

  it('fails only the checks that run out of their own time, and closes their sessions',
    async () => {
      const quick = await testService({ config: { connectTimeoutMs: 1_000,
        queryTimeoutMs: 1_500 } });
      const locker = await adminClient(catalog.second);
      await locker.query('BEGIN');
      // Holds every reader of this database's schema list until the transaction ends.
      await locker.query('LOCK TABLE pg_catalog.pg_namespace IN ACCESS EXCLUSIVE MODE');
      try {
        const started = Date.now();
        const response = await quick.app.inject({ method: 'POST', url: '/workflows/v1/check',
          payload: { credentials: catalog.credentials(),
            metadata: { 'include-filter': { [exactly(catalog.second)]: '*' } } } });
        expect(Date.now() - started).toBeLessThan(6_000);
        const { data } = response.json();
        expect(data.authenticationCheck.success).toBe(true);
        expect(data.versionCheck.success).toBe(true);
        expect(data.tablesCheck.success).toBe(false);
        expect(data.tablesCheck.failureMessage).toBe('tablesCheck did not finish within 1500 ms.');
        expect(data.tablesCheck.durationMs).toBeLessThan(4_000);
      } finally {
        await locker.query('ROLLBACK');
        await locker.end();
        await quick.app.close();
      }
      expect(await sessionsAfterSettling(catalog)).toBe(0);
    });

  it('answers 501 for a connector without preflight', async () => {
    const bare = await testService({ connector: { ...postgresConnector, preflight: undefined } });
    const response = await bare.app.inject({ method: 'POST', url: '/workflows/v1/check',
      payload: { credentials: catalog.credentials() } });
    expect(response.statusCode).toBe(501);
    await bare.app.close();
  });
});
