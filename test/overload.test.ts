import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';

import { type RunningPostgres, startEmbeddedPostgres } from '../demo/embedded-postgres.js';
import { PROTECTION_DEFAULTS } from '../src/config.js';
import { testService } from './support/service.js';

const REQUESTS = 300;

describe('300 concurrent /auth against PostgreSQL with max_connections=20', () => {
  const role = 'overload_user';
  const database = 'overload_db';
  const password = 'Overload-Canary-31d7';
  let server: RunningPostgres;
  let admin: pg.Client;

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ postgresFlags: ['-c', 'max_connections=20'] });
    admin = await server.admin();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${database}`);
  });

  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });

  it('never exhausts the server, and most requests succeed', async () => {
    // The defaults, spelled out: the claim is about what an operator gets unconfigured.
    const { app, logs } = await testService({ config: { ...PROTECTION_DEFAULTS,
      rateLimitMax: 0, connectTimeoutMs: 10_000, logLevel: 'info' } });
    const body = { authType: 'basic', host: server.host, port: server.port, username: role,
      password, database };

    let peakBackends = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await admin.query(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1', [role]);
        peakBackends = Math.max(peakBackends, rows[0].n as number);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    const started = Date.now();
    const responses = await Promise.all(Array.from({ length: REQUESTS }, () =>
      app.inject({ method: 'POST', url: '/workflows/v1/auth', payload: body })));
    const elapsedMs = Date.now() - started;
    sampling = false;
    await sampler;
    await app.close();

    const statuses = new Map<number, number>();
    for (const response of responses) {
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    }
    console.log(`overload: ${REQUESTS} requests in ${elapsedMs} ms, statuses ` +
      `${JSON.stringify(Object.fromEntries(statuses))}, peak backends ${peakBackends}`);

    const bodies = responses.map((response) => response.body).join('\n');
    expect(bodies).not.toMatch(/too many clients|connection slots/i);
    expect(logs.text()).not.toMatch(/too many clients|connection slots/i);
    // Most, as the issue says: more than half. Runs here answer 90% or more.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(REQUESTS / 2);
    for (const response of responses.filter((one) => one.statusCode !== 200)) {
      expect(response.statusCode).toBe(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(peakBackends).toBeLessThanOrEqual(PROTECTION_DEFAULTS.maxConnectionsPerTarget);
    expect(bodies).not.toContain(password);
  });

  it('without the limiter the same burst does exhaust the server (the control case)', async () => {
    const { app } = await testService({ config: { maxConnectionsPerTarget: 1000,
      rateLimitMax: 0, connectTimeoutMs: 10_000 } });
    const body = { authType: 'basic', host: server.host, port: server.port, username: role,
      password, database };

    const responses = await Promise.all(Array.from({ length: 100 }, () =>
      app.inject({ method: 'POST', url: '/workflows/v1/auth', payload: body })));
    await app.close();

    const exhausted = responses.filter((response) =>
      /connection slots|too many clients/i.test(response.body));
    expect(exhausted.length).toBeGreaterThan(0);
  });
});
