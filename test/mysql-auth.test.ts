import { createServer, type Server, type Socket } from 'node:net';

import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mysqlConnector } from '../src/connectors/mysql/index.js';
import {
  accountHost, mariadbAdmin, mysqlCredentialsFor, probeMariadb, suiteTitle, uniqueMysqlName,
} from './support/mariadb.js';
import { testService } from './support/service.js';

const probe = await probeMariadb();
const server = probe.available ? probe.server : undefined;

type ServiceOptions = Parameters<typeof testService>[0];

async function postAuth(payload: Record<string, unknown>, options: ServiceOptions = {}) {
  const { app, logs } = await testService({ connector: mysqlConnector, ...options });
  const response = await app.inject({ method: 'POST', url: '/workflows/v1/auth', payload });
  await app.close();
  return { status: response.statusCode, body: response.json(), logs: logs.text() };
}

/** A port where nothing listens: bound once by us, then released. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

describe.skipIf(!server)(suiteTitle('POST /workflows/v1/auth against real MariaDB', probe), () => {
  const user = uniqueMysqlName('sg_auth');
  const noGrantUser = uniqueMysqlName('sg_nogrant');
  const database = uniqueMysqlName('sg_authdb');
  const missingDatabase = uniqueMysqlName('sg_missing');
  const password = 'Correct-Horse-4b1e';
  let admin: Connection;
  let account: string;
  let silent: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    admin = await mariadbAdmin(server);
    account = accountHost(server!);
    await admin.query(`CREATE DATABASE \`${database}\``);
    await admin.query(`CREATE USER '${user}'@'${account}' IDENTIFIED BY '${password}'`);
    await admin.query(`GRANT SELECT ON \`${database}\`.* TO '${user}'@'${account}'`);
    // Grants may name a database that does not exist; logging in to it is then 1049.
    await admin.query(`GRANT SELECT ON \`${missingDatabase}\`.* TO '${user}'@'${account}'`);
    await admin.query(`CREATE USER '${noGrantUser}'@'${account}' IDENTIFIED BY '${password}'`);

    // Accepts TCP and never says a word, as a stalled server or a half-open firewall does.
    silent = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await admin.query(`DROP USER IF EXISTS '${user}'@'${account}'`);
    await admin.query(`DROP USER IF EXISTS '${noGrantUser}'@'${account}'`);
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  const credentials = (overrides: Record<string, unknown> = {}) =>
    ({ ...mysqlCredentialsFor(server!, user, password, database), ...overrides });

  it('answers 200 for good credentials (ssl_mode prefer falls back to plain text)', async () => {
    const { status, body, logs } = await postAuth(credentials());
    expect(status).toBe(200);
    expect(body).toEqual({ success: true, message: 'Authentication successful' });
    expect(logs).not.toContain(password);
  });

  it('answers 200 with ssl_mode disable', async () => {
    const { status } = await postAuth(credentials({ extra: { ssl_mode: 'disable' } }));
    expect(status).toBe(200);
  });

  it('1045: INVALID_CREDENTIALS naming username and password, secret kept out', async () => {
    const wrong = 'Wrong-Password-77aa';
    const { status, body, logs } = await postAuth(credentials({ password: wrong }));
    expect(status).toBe(500);
    expect(body.error.code).toBe('INVALID_CREDENTIALS');
    expect(body.error.fields).toEqual(['username', 'password']);
    expect(body.message).toContain(user);
    expect(JSON.stringify(body) + logs).not.toContain(wrong);
  });

  it('1044: PERMISSION_DENIED for a user without rights on the database', async () => {
    const { status, body } = await postAuth(credentials({ username: noGrantUser }));
    expect(status).toBe(500);
    expect(body.error.code).toBe('PERMISSION_DENIED');
    expect(body.error.fields).toEqual(['username', 'database']);
    expect(body.error.hint).toContain('GRANT');
  });

  it('1049: DATABASE_NOT_FOUND for a database that does not exist', async () => {
    const { status, body } = await postAuth(credentials({ database: missingDatabase }));
    expect(status).toBe(500);
    expect(body.error.code).toBe('DATABASE_NOT_FOUND');
    expect(body.error.fields).toEqual(['database']);
    expect(body.message).toContain(missingDatabase);
  });

  it('ECONNREFUSED: CONNECTION_REFUSED for a port where nothing listens', async () => {
    const { status, body } = await postAuth(credentials({ port: await closedPort() }));
    expect(status).toBe(500);
    expect(body.error.code).toBe('CONNECTION_REFUSED');
    expect(body.error.fields).toEqual(['host', 'port']);
  });

  it('ETIMEDOUT: CONNECTION_TIMEOUT for a listener that never greets', async () => {
    const { port } = silent.address() as { port: number };
    const started = Date.now();
    const { status, body } = await postAuth(credentials({ port }),
      { config: { connectTimeoutMs: 500 } });
    expect(status).toBe(500);
    expect(body.error.code).toBe('CONNECTION_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('ENOTFOUND: HOST_NOT_FOUND for a name the resolver does not know', async () => {
    const { status, body } = await postAuth(credentials({ host: 'no-such-host.invalid' }));
    expect(status).toBe(500);
    expect(body.error.code).toBe('HOST_NOT_FOUND');
    expect(body.error.fields).toEqual(['host']);
  });

  it('EAI_AGAIN: HOST_NOT_FOUND with a DNS hint when the resolver gives up', async () => {
    const resolver = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' });
    };
    const { body } = await postAuth(credentials({ host: 'db.example.test' }), { resolver });
    expect(body.error.code).toBe('HOST_NOT_FOUND');
    expect(body.error.hint).toMatch(/DNS/);
  });

  it('HANDSHAKE_NO_SSL_SUPPORT: TLS_ERROR for ssl_mode require against a plain server',
    async (context) => {
      const [[row]] = await admin.query("SHOW VARIABLES LIKE 'have_ssl'") as unknown as
        [[{ Value: string }]];
      if (row?.Value === 'YES') context.skip('this server has TLS on; see mysql-tls tests');
      const { status, body } = await postAuth(credentials({ extra: { ssl_mode: 'require' } }));
      expect(status).toBe(500);
      expect(body.error.code).toBe('TLS_ERROR');
      expect(body.error.fields).toEqual(['extra.ssl_mode']);
      expect(body.error.hint).toMatch(/prefer or disable/);

      // The same server under prefer: TLS first, then plain text, as the log says.
      const preferred = await postAuth(credentials({ extra: { ssl_mode: 'prefer' } }));
      expect(preferred.status).toBe(200);
      expect(preferred.logs).toContain('mysql retries with the other transport');
    });

  it('refuses a token over a connection that may be plain, with a 400 that says why',
    async () => {
      const { status, body } = await postAuth(credentials({ authType: 'token',
        password: 'tok-123456', extra: { ssl_mode: 'prefer' } }));
      expect(status).toBe(400);
      expect(body.errors).toEqual([expect.objectContaining({ field: 'extra.ssl_mode' })]);
      expect(body.errors[0].message).toMatch(/clear text.*mysql_clear_password/);
      expect(JSON.stringify(body)).not.toContain('tok-123456');
    });

  it('refuses oauth without ssl_mode, since the default prefer may fall back', async () => {
    const { status, body } = await postAuth(credentials({ authType: 'oauth',
      extra: { oauth_token: 'access-abc-123' } }));
    expect(status).toBe(400);
    expect(body.errors.map((error: { field: string }) => error.field)).toEqual(
      ['extra.ssl_mode']);
  });
});
