import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';

import { type Fault, FaultProxy, postgresReadyForQuery } from '../support/fault-proxy.js';
import { activeHandles, eventually } from '../support/leak-check.js';
import { adminClient, credentialsFor, sharedPostgres, testService,
  uniqueName } from '../support/service.js';

const CONNECT_TIMEOUT_MS = 1_000;
// The answer may also wait for the polite goodbye to a stalled server (1 s in client.ts).
const ANSWER_WITHIN_MS = CONNECT_TIMEOUT_MS + 1_000 + 1_000;

describe('PostgreSQL behind a fault-injecting proxy', () => {
  const role = uniqueName('fault_user');
  const database = uniqueName('fault_db');
  const password = 'Fault-Canary-6a0e';
  let admin: pg.Client;
  let proxy: FaultProxy;
  let app: FastifyInstance;
  let logText: () => string;
  let baselineHandles = 0;

  const backends = async () => (await admin.query(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1', [role])).rows[0].n;
  const post = (url: string) => app.inject({ method: 'POST', url,
    payload: { ...credentialsFor(role, password, database), port: proxy.port } });

  beforeAll(async () => {
    admin = await adminClient();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${database}`);
    const server = sharedPostgres();
    proxy = new FaultProxy({ upstreamHost: server.host, upstreamPort: server.port,
      dripIntervalMs: 50, isAuthenticated: postgresReadyForQuery });
    await proxy.start();
    const service = await testService({ config: { connectTimeoutMs: CONNECT_TIMEOUT_MS,
      queryTimeoutMs: 2_000, rateLimitMax: 0 } });
    app = service.app;
    logText = () => service.logs.text();

    expect((await post('/workflows/v1/auth')).statusCode).toBe(200);
    await eventually(async () => (await backends()) === 0 && proxy.openSockets === 0);
    baselineHandles = activeHandles();
  });

  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
    expect(logText()).not.toContain(password);
  });

  const cases: [Fault, string, number, string | undefined][] = [
    ['refuse', '/workflows/v1/auth', 500, 'CONNECTION_REFUSED'],
    ['stall', '/workflows/v1/auth', 500, 'CONNECTION_TIMEOUT'],
    ['stall-after-first-answer', '/workflows/v1/auth', 500, 'CONNECTION_TIMEOUT'],
    ['drip', '/workflows/v1/auth', 500, 'CONNECTION_TIMEOUT'],
    ['reset-during-handshake', '/workflows/v1/auth', 500, 'SOURCE_ERROR'],
    // Login is all /auth needs; losing the connection afterwards does not change that.
    ['close-after-auth', '/workflows/v1/auth', 200, undefined],
    ['close-after-auth', '/workflows/v1/metadata', 500, 'SOURCE_ERROR'],
  ];

  it.each(cases)('%s on %s: %i %s in time, nothing left behind, then a good request',
    async (fault, url, status, code) => {
      await proxy.setFault(fault);
      const started = Date.now();
      const response = await post(url);
      const elapsedMs = Date.now() - started;

      expect(response.statusCode, response.body).toBe(status);
      if (code) expect(response.json().error.code).toBe(code);
      expect(response.body).not.toContain(password);
      expect(elapsedMs).toBeLessThan(ANSWER_WITHIN_MS);

      expect(await eventually(() => proxy.openSockets === 0), 'proxy sockets').toBe(true);
      expect(await eventually(async () => (await backends()) === 0), 'backends').toBe(true);
      expect(await eventually(() => activeHandles() <= baselineHandles),
        `handles ${activeHandles()} > ${baselineHandles}`).toBe(true);

      await proxy.setFault('pass');
      expect((await post('/workflows/v1/auth')).statusCode).toBe(200);
    });
});
