import { createServer, type Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';

import { parseTargetRules } from '../src/net/target-policy.js';
import { adminClient, credentialsFor, testService, uniqueName } from './support/service.js';

const CANARY = 'Metrics-Canary-Zq83Lp';

/** The value of one sample line of the Prometheus text, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) &&
    wanted.every((label) => candidate.includes(label)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('GET /metrics and the log lines of every new path', () => {
  const role = uniqueName('metrics_user');
  const database = uniqueName('metrics_db');
  let admin: pg.Client;
  const held: Socket[] = [];
  const silent = createServer((socket) => held.push(socket));
  let silentPort = 0;

  beforeAll(async () => {
    admin = await adminClient();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${CANARY}'`);
    await admin.query(`CREATE DATABASE ${database}`);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    silentPort = typeof address === 'object' && address ? address.port : 0;
  });

  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('counts answers, outcomes and refusals, and never carries a secret', async () => {
    const { app, logs } = await testService({ config: { rateLimitMax: 8,
      maxConnectionsPerTarget: 1, maxQueuedPerTarget: 0, connectTimeoutMs: 1_000,
      deniedTargets: parseTargetRules('127.0.0.2', 'TEST').rules } });
    const auth = (payload: unknown) =>
      app.inject({ method: 'POST', url: '/workflows/v1/auth', payload: payload as object });
    const good = credentialsFor(role, CANARY, database);

    const bodies: string[] = [];
    for (const payload of [good, { ...good, username: 'nobody_here' },
      { ...good, host: '127.0.0.2' }, { ...good, port: 'x' }]) {
      bodies.push((await auth(payload)).body);
    }

    // One login hangs at the silent listener, holding the only slot of its target.
    const hanging = auth({ ...good, port: silentPort });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const during = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const overloaded = await auth({ ...good, port: silentPort });
    bodies.push(overloaded.body, (await hanging).body);
    expect(overloaded.statusCode).toBe(503);
    expect(during).toMatch(/^sourcegate_source_connections_in_flight 1$/m);
    expect(during).toMatch(/^sourcegate_http_requests_in_flight 1$/m);

    let limited = await auth(good);
    while (limited.statusCode !== 429) limited = await auth(good);
    bodies.push(limited.body);

    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    await app.close();
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = metrics.body;
    const attempts = (outcome: string) => sample(text, 'sourcegate_source_attempts_total',
      { connector: 'postgres', operation: 'auth', outcome });
    const answers = (status: string) => sample(text, 'sourcegate_http_requests_total',
      { method: 'POST', route: '/workflows/v1/auth', status });

    expect(attempts('OK')).toBeGreaterThanOrEqual(1);
    expect(attempts('INVALID_CREDENTIALS')).toBe(1);
    expect(attempts('TARGET_NOT_ALLOWED')).toBe(1);
    expect(attempts('CONNECTION_TIMEOUT')).toBe(1);
    expect(attempts('OVERLOADED')).toBe(1);
    expect(answers('400')).toBe(1);
    expect(answers('503')).toBe(1);
    expect(answers('429')).toBe(1);
    expect(sample(text, 'sourcegate_requests_refused_total', { reason: 'rate_limited' })).toBe(1);
    expect(sample(text, 'sourcegate_http_request_duration_seconds_count',
      { method: 'POST', route: '/workflows/v1/auth' })).toBeGreaterThanOrEqual(7);
    expect(text).toMatch(/^sourcegate_source_connections_queued 0$/m);
    expect(text).toMatch(/^sourcegate_process_resident_memory_bytes /m);

    for (const where of [text, logs.text(), ...bodies]) expect(where).not.toContain(CANARY);
    expect(text).not.toContain(role);
    expect(text).not.toContain('127.0.0.2');

    const outcomes = logs.records().filter((record) => record.outcome !== undefined);
    for (const code of ['OK', 'INVALID_CREDENTIALS', 'TARGET_NOT_ALLOWED', 'OVERLOADED',
      'CONNECTION_TIMEOUT']) {
      const line = outcomes.find((record) => record.outcome === code);
      expect(line, code).toMatchObject({ connector: 'postgres' });
      expect(line?.reqId, code).toBeTruthy();
      expect(line?.targetHost, code).toBeTruthy();
    }
    expect(outcomes.find((record) => record.outcome === 'RATE_LIMITED')?.reqId).toBeTruthy();
  });

  it('keeps each app\'s numbers to itself', async () => {
    const first = await testService();
    await first.app.inject({ method: 'POST', url: '/workflows/v1/auth', payload: {} });
    const second = await testService();
    const text = (await second.app.inject({ method: 'GET', url: '/metrics' })).body;
    await first.app.close();
    await second.app.close();
    expect(sample(text, 'sourcegate_http_requests_total',
      { route: '/workflows/v1/auth' })).toBeUndefined();
  });

  it('documents /metrics, and 429 and 503 on every workflow route, in OpenAPI', async () => {
    const { app } = await testService();
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    await app.close();
    expect(document.paths['/metrics']).toBeDefined();
    for (const path of ['/workflows/v1/auth', '/workflows/v1/metadata', '/workflows/v1/check']) {
      expect(Object.keys(document.paths[path].post.responses), path)
        .toEqual(expect.arrayContaining(['429', '503']));
    }
  });

  it('puts /metrics behind the API token when one is configured', async () => {
    const { app } = await testService({ config: { apiToken: 'metrics-token-1234567890' } });
    const without = await app.inject({ method: 'GET', url: '/metrics' });
    const withToken = await app.inject({ method: 'GET', url: '/metrics',
      headers: { authorization: 'Bearer metrics-token-1234567890' } });
    await app.close();
    expect(without.statusCode).toBe(401);
    expect(withToken.statusCode).toBe(200);
  });
});
