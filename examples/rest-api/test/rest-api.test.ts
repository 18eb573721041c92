import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The example is tested through the package's public exports only, as an app would be.
import { buildService, type HostResolver, loadConfig } from '../../../src/index.js';
import { restApiConnector } from '../src/index.js';
import { INVENTORY_ACCOUNTS, type InventoryApi, RESOURCES, startInventoryApi } from
  './inventory-api.js';

// Names the test did not plan for are unknown: no real DNS is ever asked.
const noDns: HostResolver = async (host) => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

let api: InventoryApi;
beforeAll(async () => {
  api = await startInventoryApi();
});
afterAll(async () => api.close());

async function post(url: string, payload: Record<string, unknown>) {
  const app = await buildService({ connector: restApiConnector, resolver: noDns,
    config: { ...loadConfig({}), logLevel: 'silent', connectTimeoutMs: 2_000 } });
  const response = await app.inject({ method: 'POST', url, payload });
  await app.close();
  return { status: response.statusCode, body: response.json() };
}

const basic = () => ({ authType: 'basic', baseUrl: api.baseUrl,
  ...INVENTORY_ACCOUNTS.basic });
const token = () => ({ authType: 'token', baseUrl: api.baseUrl,
  token: INVENTORY_ACCOUNTS.token });
const oauth = () => ({ authType: 'oauth', baseUrl: api.baseUrl, tokenUrl: api.tokenUrl,
  ...INVENTORY_ACCOUNTS.client });

describe('inventory REST API connector (example)', () => {
  it.each([['basic', basic], ['token', token], ['oauth client credentials', oauth]])(
    'authenticates with %s', async (_name, credentials) => {
      const { status, body } = await post('/workflows/v1/auth', credentials());
      expect(status).toBe(200);
      expect(body).toEqual({ success: true, message: 'Authentication successful' });
    });

  it('refuses a wrong password with INVALID_CREDENTIALS naming username and password',
    async () => {
      const { status, body } = await post('/workflows/v1/auth',
        { ...basic(), password: 'not-the-password' });
      expect(status).toBe(500);
      expect(body.error).toMatchObject({ code: 'INVALID_CREDENTIALS',
        fields: ['username', 'password'] });
      expect(JSON.stringify(body)).not.toContain('not-the-password');
    });

  it('blames clientId and clientSecret when the token endpoint refuses the client',
    async () => {
      const { body } = await post('/workflows/v1/auth', { ...oauth(), clientSecret: 'wrong' });
      expect(body.error).toMatchObject({ code: 'INVALID_CREDENTIALS',
        fields: ['clientId', 'clientSecret'] });
    });

  it('lists the fields each authType needs in one 400', async () => {
    const { status, body } = await post('/workflows/v1/auth',
      { authType: 'oauth', baseUrl: 'ftp://x' });
    expect(status).toBe(400);
    expect(body.errors.map((error: { field: string }) => error.field).sort()).toEqual(
      ['baseUrl', 'clientId', 'clientSecret', 'tokenUrl']);
  });

  it('runs the five preflight checks and counts the resources a run would read', async () => {
    const { status, body } = await post('/workflows/v1/check', { credentials: basic(),
      metadata: { 'include-filter': { '^inventory$': '*' }, 'temp-table-regex': '^supp' } });
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(Object.keys(body.data)).toEqual(['authenticationCheck', 'databaseSchemaCheck',
      'tablesCheck', 'versionCheck', 'permissionsCheck']);
    expect(body.data.tablesCheck.tableCount).toBe(2);
    expect(body.data.versionCheck.successMessage).toBe('Inventory API 2.4.1');
  });

  it('fails permissionsCheck for a resource the token may not read (HTTP 403)', async () => {
    const { body } = await post('/workflows/v1/check', { credentials: token(), metadata: {} });
    expect(body.success).toBe(false);
    expect(body.data.permissionsCheck.error).toMatchObject({ code: 'PERMISSION_DENIED',
      fields: ['token'] });
    expect(body.data.permissionsCheck.failureMessage).toContain('suppliers');
  });

  it('skips the other checks when authentication fails', async () => {
    const { body } = await post('/workflows/v1/check',
      { credentials: { ...basic(), password: 'nope-nope' }, metadata: {} });
    expect(body.data.authenticationCheck.error.code).toBe('INVALID_CREDENTIALS');
    expect(body.data.tablesCheck).toMatchObject({ skipped: true, success: false });
  });

  it('lists the API resources as TABLE_SCHEMA rows under the API name', async () => {
    const outcome = await restApiConnector.fetchMetadata!(basic() as never, { type: 'all' },
      contextFor());
    expect(outcome).toEqual({ ok: true, value: RESOURCES.map((name) =>
      ({ TABLE_CATALOG: 'inventory', TABLE_SCHEMA: name })) });
  });
});

/** A context like the service's, for calling the connector directly. */
function contextFor() {
  return {
    connectTimeoutMs: 2_000, queryTimeoutMs: 5_000, resolver: noDns,
    resolveTarget: async (host: string) => [host],
    acquireConnection: async () => () => {},
  };
}
