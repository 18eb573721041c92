import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';

import { closedPort, startSilentListener } from './support/silent-listener.js';
import { adminClient, credentialsFor, testService, uniqueName } from './support/service.js';

const CANARY = 'Canary-Secret-Q7x9Zt';

/**
 * A distinctive secret goes through every outcome of /auth; it must never come back in a
 * body or a log line, whatever the path.
 */
describe('no secret in any answer or log line', () => {
  const role = uniqueName('canary_user');
  const otherRole = uniqueName('canary_other');
  const database = uniqueName('canary_db');
  const locked = uniqueName('canary_locked');
  let admin: pg.Client;
  let silent: Awaited<ReturnType<typeof startSilentListener>>;

  beforeAll(async () => {
    admin = await adminClient();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${CANARY}'`);
    await admin.query(`CREATE ROLE ${otherRole} LOGIN PASSWORD 'another-password'`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.query(`CREATE DATABASE ${locked}`);
    await admin.query(`REVOKE CONNECT ON DATABASE ${locked} FROM PUBLIC`);
    silent = await startSilentListener();
  });

  afterAll(async () => {
    await silent.close();
    for (const name of [database, locked]) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.query(`DROP ROLE IF EXISTS ${otherRole}`);
    await admin.end();
  });

  it('keeps the secret out of every outcome', async () => {
    const good = credentialsFor(role, CANARY, database);
    const cases: { name: string; payload: unknown; status: number; code?: string }[] = [
      { name: 'success', payload: good, status: 200 },
      { name: 'wrong password', payload: credentialsFor(otherRole, CANARY, database),
        status: 500, code: 'INVALID_CREDENTIALS' },
      { name: 'token auth', payload: { ...good, authType: 'token', password: '',
        extra: { token: CANARY } }, status: 200 },
      { name: 'missing database', payload: { ...good, database: 'absent_db' }, status: 500,
        code: 'DATABASE_NOT_FOUND' },
      { name: 'no connect privilege', payload: { ...good, database: locked }, status: 500,
        code: 'PERMISSION_DENIED' },
      { name: 'closed port', payload: { ...good, port: await closedPort() }, status: 500,
        code: 'CONNECTION_REFUSED' },
      { name: 'silent host', payload: { ...good, port: silent.port }, status: 500,
        code: 'CONNECTION_TIMEOUT' },
      { name: 'unknown host', payload: { ...good, host: 'nowhere.test' }, status: 500,
        code: 'HOST_NOT_FOUND' },
      { name: 'TLS required by caller', payload: { ...good, extra: { ssl_mode: 'require' } },
        status: 500, code: 'TLS_ERROR' },
      { name: 'oauth token refused', payload: { ...good, authType: 'oauth', password: '',
        extra: { oauth_token: CANARY } }, status: 200 },
      { name: 'bad field beside the secret', payload: { ...good, port: 'x' }, status: 400 },
      { name: 'unknown field holding the secret', payload: { ...good, secret: CANARY },
        status: 400 },
      { name: 'extra string that is not JSON', payload: { ...good,
        extra: `{"token": "${CANARY}"` }, status: 400 },
      { name: 'secret in a bad PEM', payload: { ...good, extra: { ssl_mode: 'verify-full',
        ssl_root_cert: `-----BEGIN CERTIFICATE-----\n${CANARY}\n-----END CERTIFICATE-----` } },
        status: 400 },
      { name: 'secret in an unknown extra key', payload: { ...good,
        extra: { [CANARY]: CANARY } }, status: 400 },
      { name: 'malformed JSON', payload: `{"password": "${CANARY}", "port": }`, status: 400 },
    ];

    const { app, logs } = await testService({ config: { connectTimeoutMs: 500 } });
    for (const testCase of cases) {
      const response = await app.inject({ method: 'POST', url: '/workflows/v1/auth',
        headers: { 'content-type': 'application/json' },
        payload: typeof testCase.payload === 'string'
          ? testCase.payload : JSON.stringify(testCase.payload) });

      expect(response.statusCode, testCase.name).toBe(testCase.status);
      if (testCase.code) expect(response.json().error.code, testCase.name).toBe(testCase.code);
      expect(response.body, testCase.name).not.toContain(CANARY);
      expect(JSON.stringify(response.headers), testCase.name).not.toContain(CANARY);
    }
    await app.close();

    expect(logs.lines.length).toBeGreaterThan(cases.length);
    expect(logs.text()).not.toContain(CANARY);
  });
});
