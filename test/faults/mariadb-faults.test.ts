import type { Connection } from 'mysql2/promise';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mysqlConnector } from '../../src/connectors/mysql/index.js';
import { type Fault, FaultProxy, mysqlLoginOk } from '../support/fault-proxy.js';
import { accountHost, mariadbAdmin, mysqlCredentialsFor, probeMariadb, suiteTitle,
  uniqueMysqlName } from '../support/mariadb.js';
import { activeHandles, eventually } from '../support/leak-check.js';
import { testService } from '../support/service.js';

const probe = await probeMariadb();
const server = probe.available ? probe.server : undefined;

const CONNECT_TIMEOUT_MS = 1_000;
const ANSWER_WITHIN_MS = CONNECT_TIMEOUT_MS + 1_000 + 1_000;

describe.skipIf(!server)(suiteTitle('MariaDB behind a fault-injecting proxy', probe), () => {
  const user = uniqueMysqlName('sg_fault');
  const database = uniqueMysqlName('sg_faultdb');
  const password = 'Fault-Canary-Maria-91c2';
  let admin: Connection;
  let proxy: FaultProxy;
  let app: FastifyInstance;
  let logText: () => string;
  let baselineHandles = 0;

  const sessions = async () => {
    const [rows] = await admin.query(
      'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ?', [user]);
    return Number((rows as { n: number }[])[0]?.n ?? 0);
  };
  // TLS off, so that the proxy can see where the login ends.
  const post = (url: string) => app.inject({ method: 'POST', url, payload: {
    ...mysqlCredentialsFor(server!, user, password, database, { ssl_mode: 'disable' }),
    host: '127.0.0.1', port: proxy.port } });

  beforeAll(async () => {
    admin = await mariadbAdmin(server);
    const account = accountHost(server!);
    await admin.query(`CREATE DATABASE \`${database}\``);
    await admin.query(`CREATE USER '${user}'@'${account}' IDENTIFIED BY '${password}'`);
    await admin.query(`GRANT SELECT ON \`${database}\`.* TO '${user}'@'${account}'`);
    proxy = new FaultProxy({ upstreamHost: server!.host, upstreamPort: server!.port,
      dripIntervalMs: 50, isAuthenticated: mysqlLoginOk });
    await proxy.start();
    const service = await testService({ connector: mysqlConnector, config: {
      connectTimeoutMs: CONNECT_TIMEOUT_MS, queryTimeoutMs: 2_000, rateLimitMax: 0 } });
    app = service.app;
    logText = () => service.logs.text();

    const first = await post('/workflows/v1/auth');
    expect(first.statusCode, first.body).toBe(200);
    await eventually(async () => (await sessions()) === 0 && proxy.openSockets === 0);
    baselineHandles = activeHandles();
  });

  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    if (!admin) return;
    await admin.query(`DROP USER IF EXISTS '${user}'@'${accountHost(server!)}'`);
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
    expect(logText()).not.toContain(password);
  });

  const cases: [Fault, string, number, string | undefined][] = [
    ['refuse', '/workflows/v1/auth', 500, 'CONNECTION_REFUSED'],
    ['stall', '/workflows/v1/auth', 500, 'CONNECTION_TIMEOUT'],
    ['stall-after-first-answer', '/workflows/v1/auth', 500, 'CONNECTION_TIMEOUT'],
    ['drip', '/workflows/v1/auth', 500, 'CONNECTION_TIMEOUT'],
    ['reset-during-handshake', '/workflows/v1/auth', 500, 'SOURCE_ERROR'],
    ['close-after-auth', '/workflows/v1/metadata', 500, 'SOURCE_ERROR'],
  ];

  it.each(cases)('%s on %s: %i %s in time, nothing left behind, then a good request',
    async (fault, url, status, code) => {
      await proxy.setFault(fault);
      const started = Date.now();
      const response = await post(url);
      const elapsedMs = Date.now() - started;

      expect(response.statusCode, response.body).toBe(status);
      if (code) expect(response.json().error.code, response.body).toBe(code);
      expect(response.body).not.toContain(password);
      expect(elapsedMs).toBeLessThan(ANSWER_WITHIN_MS);

      expect(await eventually(() => proxy.openSockets === 0), 'proxy sockets').toBe(true);
      expect(await eventually(async () => (await sessions()) === 0), 'sessions').toBe(true);
      expect(await eventually(() => activeHandles() <= baselineHandles),
        `handles ${activeHandles()} > ${baselineHandles}`).toBe(true);

      await proxy.setFault('pass');
      expect((await post('/workflows/v1/auth')).statusCode).toBe(200);
    });
});
