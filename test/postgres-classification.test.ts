import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';

import { closedPort, startSilentListener } from './support/silent-listener.js';
import { adminClient, credentialsFor, testService, uniqueName } from './support/service.js';

/**
 * Every error code the PostgreSQL connector can produce, each from a real condition:
 * a real server for credentials, database and privilege errors, a closed port, a
 * listener that never answers, and an injected resolver for DNS.
 */
describe('PostgreSQL failures are classified from real conditions', () => {
  const role = uniqueName('classify_user');
  const database = uniqueName('classify_db');
  const lockedDatabase = uniqueName('classify_locked');
  const password = 'Classify-Pass-71e';
  let admin: pg.Client;

  beforeAll(async () => {
    admin = await adminClient();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.query(`CREATE DATABASE ${lockedDatabase}`);
    await admin.query(`REVOKE CONNECT ON DATABASE ${lockedDatabase} FROM PUBLIC`);
  });

  afterAll(async () => {
    for (const name of [database, lockedDatabase]) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  async function postAuth(body: object, options: Parameters<typeof testService>[0] = {}) {
    const { app, logs } = await testService(options);
    const started = Date.now();
    const response = await app.inject({ method: 'POST', url: '/workflows/v1/auth', payload: body });
    const elapsedMs = Date.now() - started;
    await app.close();
    return { status: response.statusCode, body: response.json(), elapsedMs, logs };
  }

  it('INVALID_CREDENTIALS for an unknown user, marking username and password alike', async () => {
    const { status, body } = await postAuth(credentialsFor('nobody_here', password, database));
    expect(status).toBe(500);
    expect(body.error).toMatchObject({ code: 'INVALID_CREDENTIALS',
      fields: ['username', 'password'] });
    expect(body.message).toContain('nobody_here');
  });

  it('DATABASE_NOT_FOUND naming the database that was tried', async () => {
    const { body } = await postAuth(credentialsFor(role, password, 'no_such_database'));
    expect(body.error).toMatchObject({ code: 'DATABASE_NOT_FOUND', fields: ['database'] });
    expect(body.message).toContain('no_such_database');
  });

  it('PERMISSION_DENIED when CONNECT on the database is revoked', async () => {
    const { body } = await postAuth(credentialsFor(role, password, lockedDatabase));
    expect(body.error).toMatchObject({ code: 'PERMISSION_DENIED',
      fields: ['username', 'database'] });
    expect(body.error.hint).toContain('GRANT CONNECT');
  });

  it('CONNECTION_REFUSED when nothing listens on the port', async () => {
    const port = await closedPort();
    const { body } = await postAuth({ ...credentialsFor(role, password, database), port });
    expect(body.error).toMatchObject({ code: 'CONNECTION_REFUSED', fields: ['host', 'port'] });
    expect(body.message).toContain(`127.0.0.1:${port}`);
  });

  it('CONNECTION_TIMEOUT within the connect timeout when the host never answers', async () => {
    const listener = await startSilentListener();
    const connectTimeoutMs = 700;
    const { body, elapsedMs } = await postAuth(
      { ...credentialsFor(role, password, database), port: listener.port },
      { config: { connectTimeoutMs } });

    expect(body.error).toMatchObject({ code: 'CONNECTION_TIMEOUT', fields: ['host', 'port'] });
    expect(elapsedMs).toBeGreaterThanOrEqual(connectTimeoutMs - 50);
    expect(elapsedMs).toBeLessThan(connectTimeoutMs + 1_000);
    await expect.poll(() => listener.openConnections(), { timeout: 2_000 }).toBe(0);
    await listener.close();
  });

  it('HOST_NOT_FOUND when the name does not resolve (injected resolver)', async () => {
    const asked: string[] = [];
    const { body } = await postAuth(
      { ...credentialsFor(role, password, database), host: 'db.invalid-name.test' },
      { resolver: async (host) => {
        asked.push(host);
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      } });
    expect(asked).toEqual(['db.invalid-name.test']);
    expect(body.error).toMatchObject({ code: 'HOST_NOT_FOUND', fields: ['host'] });
    expect(body.message).toContain('db.invalid-name.test');
  });

  it('connects to a name through the addresses the resolver gives', async () => {
    const { status } = await postAuth(
      { ...credentialsFor(role, password, database), host: 'warehouse.example.test' },
      { resolver: async () => ['127.0.0.1'] });
    expect(status).toBe(200);
  });

  it('tries the next address when nothing listens at the first, as libpq does', async () => {
    // The embedded server listens on 127.0.0.1 and ::1 only, so 127.0.0.3 refuses.
    const { status } = await postAuth(
      { ...credentialsFor(role, password, database), host: 'two-addresses.test' },
      { resolver: async () => ['127.0.0.3', '127.0.0.1'] });
    expect(status).toBe(200);

    const { body } = await postAuth(
      { ...credentialsFor(role, password, database), host: 'two-addresses.test' },
      { resolver: async () => ['127.0.0.3', '127.0.0.4'] });
    expect(body.error.code).toBe('CONNECTION_REFUSED');
  });

  it('leaves no backend of the role behind on any of these paths', async () => {
    const { rows } = await admin.query(
      'SELECT count(*)::int AS open FROM pg_stat_activity WHERE usename = $1', [role]);
    expect(rows[0].open).toBe(0);
  });
});
