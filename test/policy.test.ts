import { createServer, type Server, type Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';

import { ConfigError, loadConfig } from '../src/config.js';
import { mysqlConnector } from '../src/connectors/mysql/index.js';
import { parseTargetRules, TargetPolicy } from '../src/net/target-policy.js';
import type { HostResolver } from '../src/net/resolver.js';
import { adminClient, credentialsFor, testService, uniqueName } from './support/service.js';

const rules = (text: string) => parseTargetRules(text, 'TEST').rules;

describe('target policy rules', () => {
  it('denies link-local and cloud metadata addresses by default', () => {
    const policy = new TargetPolicy();
    for (const address of ['169.254.169.254', '169.254.0.1', 'fe80::1', 'fd00:ec2::254',
      '100.100.100.200', '::ffff:169.254.169.254', '0.0.0.0', '::']) {
      expect(policy.refusal('x', address, 80), address).toMatch(/^denied by/);
    }
    expect(policy.refusal('metadata.google.internal', '127.0.0.1', 80)).toMatch(/denied/);
    expect(policy.refusal('db', '127.0.0.1', 5432)).toBeUndefined();
    expect(policy.refusal('db', '10.1.2.3', 5432)).toBeUndefined();
  });

  it('matches CIDRs, IPv6 in brackets, host patterns and port ranges', () => {
    const policy = new TargetPolicy(
      rules('10.0.0.0/8:5432, [fd00::/8]:3306-3307 *.corp.example db.example.com:1-1024'),
      rules('10.9.0.0/16 secret.corp.example'),
    );
    expect(policy.refusal('a', '10.1.2.3', 5432)).toBeUndefined();
    expect(policy.refusal('a', '10.1.2.3', 5433)).toBe('not in SOURCEGATE_ALLOWED_TARGETS');
    expect(policy.refusal('a', '10.9.2.3', 5432)).toBe('denied by 10.9.0.0/16');
    expect(policy.refusal('a', 'fd12::1', 3307)).toBeUndefined();
    expect(policy.refusal('a', 'fd12::1', 3308)).toBeDefined();
    expect(policy.refusal('pg.corp.example', '192.0.2.1', 1)).toBeUndefined();
    expect(policy.refusal('PG.Corp.Example.', '192.0.2.1', 1)).toBeUndefined();
    expect(policy.refusal('secret.corp.example', '192.0.2.1', 1)).toMatch(/denied/);
    expect(policy.refusal('db.example.com', '192.0.2.1', 2000)).toBeDefined();
    expect(policy.refusal('other.example', '192.0.2.1', 1)).toBeDefined();
  });

  it('reports every malformed entry of both variables together', () => {
    let error: unknown;
    try {
      loadConfig({ SOURCEGATE_ALLOWED_TARGETS: '10.0.0.0/99,ok.example',
        SOURCEGATE_DENIED_TARGETS: 'a:0 b:70000 [::1', SOURCEGATE_QUEUE_TIMEOUT_MS: 'x' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.filter((problem) => problem.includes('TARGETS'))).toHaveLength(4);
    expect(problems.some((problem) => problem.includes('SOURCEGATE_QUEUE_TIMEOUT_MS'))).toBe(true);
  });
});

/** A TCP listener on 127.0.0.2 that never speaks and counts who connected. */
async function recordingListener() {
  const accepted: Socket[] = [];
  const server: Server = createServer((socket) => accepted.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const close = async () => {
    for (const socket of accepted) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return { port, accepted, close };
}

describe('network policy on POST /workflows/v1/auth', () => {
  const role = uniqueName('policy_user');
  const database = uniqueName('policy_db');
  const password = 'Policy-Canary-7c41';
  // Names a test may use; what they point at is the point of each test.
  const resolver: HostResolver = async (host) => ({
    'sneaky.test': ['127.0.0.2'],
    'mixed.test': ['127.0.0.1', '127.0.0.2'],
    'token.test': ['127.0.0.2'],
  } as Record<string, string[]>)[host] ?? Promise.reject(Object.assign(
    new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
  const deny127002 = { deniedTargets: rules('127.0.0.2'), connectTimeoutMs: 700 };
  let admin: pg.Client;
  let listener: Awaited<ReturnType<typeof recordingListener>>;

  beforeAll(async () => {
    admin = await adminClient();
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${database}`);
    listener = await recordingListener();
  });

  afterAll(async () => {
    await listener.close();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  const post = async (config: object, body: object) => {
    const { app, logs } = await testService({ config, resolver });
    const response = await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      payload: body });
    await app.close();
    return { response, logs };
  };

  it('connects to the listener when nothing denies it (the control case)', async () => {
    const before = listener.accepted.length;
    const { response } = await post({ connectTimeoutMs: 700 }, {
      ...credentialsFor(role, password, database), host: 'sneaky.test', port: listener.port });
    expect(response.json().error.code).toBe('CONNECTION_TIMEOUT');
    expect(listener.accepted.length).toBeGreaterThan(before);
  });

  it.each([
    ['a name that resolves to a denied address', 'sneaky.test'],
    ['a name with one denied address among good ones', 'mixed.test'],
    ['a denied IP literal', '127.0.0.2'],
    ['a denied IPv4-mapped IPv6 literal', '[::ffff:127.0.0.2]'],
  ])('refuses %s with TARGET_NOT_ALLOWED before connecting', async (_case, host) => {
    const before = listener.accepted.length;
    const { response, logs } = await post(deny127002, {
      ...credentialsFor(role, password, database), host, port: listener.port });

    expect(response.statusCode).toBe(500);
    expect(response.json().error).toMatchObject({ code: 'TARGET_NOT_ALLOWED', fields: ['host'] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(listener.accepted.length).toBe(before);
    expect(logs.text()).toContain('TARGET_NOT_ALLOWED');
    expect(logs.text()).not.toContain(password);
  });

  it('applies the same policy to the MySQL connector', async () => {
    const before = listener.accepted.length;
    const { app } = await testService({ connector: mysqlConnector, config: deny127002,
      resolver });
    const response = await app.inject({ method: 'POST', url: '/workflows/v1/auth', payload: {
      ...credentialsFor(role, password, database), host: 'sneaky.test', port: listener.port } });
    await app.close();

    expect(response.json().error).toMatchObject({ code: 'TARGET_NOT_ALLOWED', fields: ['host'] });
    expect(listener.accepted.length).toBe(before);
  });

  it('refuses an OAuth token endpoint on a denied address without calling it', async () => {
    const before = listener.accepted.length;
    const { response } = await post(deny127002, {
      ...credentialsFor(role, '', database), authType: 'oauth',
      extra: { client_id: 'sourcegate', client_secret: 'Token-Canary-55aa',
        token_url: `http://token.test:${listener.port}/token` } });

    expect(response.json().error.code).toBe('TARGET_NOT_ALLOWED');
    expect(JSON.stringify(response.json())).not.toContain('Token-Canary-55aa');
    expect(listener.accepted.length).toBe(before);
  });

  it('lets an allow list admit exactly the PostgreSQL port it names', async () => {
    const good = credentialsFor(role, password, database);
    const allowed = { allowedTargets: rules(`127.0.0.1:${good.port}`) };

    expect((await post(allowed, good)).response.statusCode).toBe(200);
    const other = await post(allowed, { ...good, port: good.port + 1 });
    expect(other.response.json().error.code).toBe('TARGET_NOT_ALLOWED');
  });
});
