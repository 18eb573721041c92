import { createPrivateKey } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';

import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type RunningPostgres, startEmbeddedPostgres } from '../demo/embedded-postgres.js';
import type { HostResolver } from '../src/net/resolver.js';
import { createCertificateAuthority, writeServerFiles } from './support/certificates.js';
import { adminClient, CapturedLogs, credentialsFor, testService,
  uniqueName } from './support/service.js';

// A name that is not on the server certificate; the injected resolver points it at
// loopback, so verify-full dials the right server under the wrong name.
const WRONG_NAME = 'wrong-name.test';
const resolver: HostResolver = async (host) => {
  if (host === 'localhost' || host === WRONG_NAME) return ['127.0.0.1'];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

// Roles of the TLS server, which only this file uses: fixed names are safe there.
const PASSWORD_ROLE = 'tls_reader';
const PASSWORD = 'Tls-Reader-Secret-8d1e';
const CERT_ROLE = 'tls_cert_user';
const PLAIN_ONLY_ROLE = 'tls_plain_only';
const NOWHERE_ROLE = 'tls_nowhere';
const TLS_ROLES = [PASSWORD_ROLE, CERT_ROLE, PLAIN_ONLY_ROLE, NOWHERE_ROLE];

const ca = createCertificateAuthority('Sourcegate test CA');
const otherCa = createCertificateAuthority('Unrelated test CA');
const serverPair = ca.issue({ commonName: 'localhost', usage: 'server',
  dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
const clientPair = ca.issue({ commonName: CERT_ROLE, usage: 'client' });
const strangerPair = ca.issue({ commonName: 'someone_else', usage: 'client' });

// hostssl only: a plain-text login is refused by pg_hba.conf, which proves that every
// login that passes here went over TLS. Two roles are the exceptions: one may log in
// only without TLS, one may not log in at all.
const HBA = [
  `hostssl all ${PLAIN_ONLY_ROLE} 127.0.0.1/32 reject`,
  `hostnossl all ${PLAIN_ONLY_ROLE} 127.0.0.1/32 scram-sha-256`,
  `hostssl all ${NOWHERE_ROLE} 127.0.0.1/32 reject`,
  `hostssl all ${CERT_ROLE} 127.0.0.1/32 cert`,
  'hostssl all all 127.0.0.1/32 scram-sha-256',
  'hostssl all all ::1/128 scram-sha-256',
].join('\n');

describe('TLS with libpq ssl_mode meanings, against real PostgreSQL', () => {
  let tlsServer: RunningPostgres;
  let tlsFolder: string;
  let app: FastifyInstance;
  let logs: CapturedLogs;
  const plainRole = uniqueName('tls_plain');
  const plainPassword = 'Plain-Role-Secret-51aa';

  beforeAll(async () => {
    tlsFolder = await writeServerFiles({ 'server.crt': serverPair.certPem,
      'server.key': serverPair.keyPem, 'ca.crt': ca.certPem, 'pg_hba.conf': `${HBA}\n` });
    tlsServer = await startEmbeddedPostgres({ postgresFlags: ['-c', 'ssl=on',
      '-c', `ssl_cert_file=${join(tlsFolder, 'server.crt')}`,
      '-c', `ssl_key_file=${join(tlsFolder, 'server.key')}`,
      '-c', `ssl_ca_file=${join(tlsFolder, 'ca.crt')}`,
      '-c', `hba_file=${join(tlsFolder, 'pg_hba.conf')}`] });

    const tlsAdmin = await tlsAdminClient(tlsServer);
    await tlsAdmin.query(`CREATE ROLE ${PASSWORD_ROLE} LOGIN PASSWORD '${PASSWORD}'`);
    await tlsAdmin.query(`CREATE ROLE ${CERT_ROLE} LOGIN`);
    for (const role of [PLAIN_ONLY_ROLE, NOWHERE_ROLE]) {
      await tlsAdmin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${PASSWORD}'`);
    }
    await tlsAdmin.end();

    const admin = await adminClient();
    await admin.query(`CREATE ROLE ${plainRole} LOGIN PASSWORD '${plainPassword}'`);
    await admin.end();

    ({ app, logs } = await testService({ resolver }));
  });

  afterAll(async () => {
    await app?.close();
    const admin = await adminClient();
    await admin.query(`DROP ROLE IF EXISTS ${plainRole}`);
    await admin.end();
    await tlsServer?.stop();
    if (tlsFolder) await rm(tlsFolder, { recursive: true, force: true });
  });

  const tlsLogin = (extra: Record<string, unknown>, host = 'localhost') => ({
    authType: 'basic', host, port: tlsServer.port, username: PASSWORD_ROLE,
    password: PASSWORD, database: 'postgres', extra,
  });
  const post = async (payload: object) => {
    const response = await app.inject({ method: 'POST', url: '/workflows/v1/auth', payload });
    return { status: response.statusCode, body: response.json(), raw: response.body };
  };

  describe('server with TLS on and a hostssl-only pg_hba.conf', () => {
    it('passes verify-full with the CA that signed the server certificate', async () => {
      const { status, body } = await post(tlsLogin({ ssl_mode: 'verify-full',
        ssl_root_cert: ca.certPem }));
      expect(body).toEqual({ success: true, message: 'Authentication successful' });
      expect(status).toBe(200);
    });

    it('passes verify-full dialled by IP address when the certificate carries it', async () => {
      const { status } = await post(tlsLogin({ ssl_mode: 'verify-full',
        ssl_root_cert: ca.certPem }, '127.0.0.1'));
      expect(status).toBe(200);
    });

    it('passes verify-ca with the right CA even under a name the certificate lacks', async () => {
      const { status } = await post(tlsLogin({ ssl_mode: 'verify-ca',
        ssl_root_cert: ca.certPem }, WRONG_NAME));
      expect(status).toBe(200);
    });

    it('answers TLS_ERROR naming extra.ssl_root_cert for an unrelated CA', async () => {
      for (const ssl_mode of ['verify-full', 'verify-ca', 'require']) {
        const { status, body } = await post(tlsLogin({ ssl_mode,
          ssl_root_cert: otherCa.certPem }));
        expect(status, ssl_mode).toBe(500);
        expect(body.error.code, ssl_mode).toBe('TLS_ERROR');
        expect(body.error.fields, ssl_mode).toContain('extra.ssl_root_cert');
        expect(body.message).toContain(`localhost:${tlsServer.port}`);
      }
    });

    it('answers TLS_ERROR for verify-full without any CA (public roots do not know it)',
      async () => {
        const { body } = await post(tlsLogin({ ssl_mode: 'verify-full' }));
        expect(body.error.code).toBe('TLS_ERROR');
        expect(body.error.fields).toContain('extra.ssl_root_cert');
      });

    it('answers TLS_ERROR naming host for a name the certificate is not issued for',
      async () => {
        const { status, body } = await post(tlsLogin({ ssl_mode: 'verify-full',
          ssl_root_cert: ca.certPem }, WRONG_NAME));
        expect(status).toBe(500);
        expect(body.error.code).toBe('TLS_ERROR');
        expect(body.error.fields).toContain('host');
        expect(body.message).toContain(WRONG_NAME);
      });

    it('passes require without a CA, and prefer, both over TLS', async () => {
      expect((await post(tlsLogin({ ssl_mode: 'require' }))).status).toBe(200);
      expect((await post(tlsLogin({ ssl_mode: 'prefer' }))).status).toBe(200);
      expect((await post(tlsLogin({}))).status).toBe(200);
    });

    it('answers TLS_ERROR with a hint to set require when disable meets hostssl', async () => {
      const { status, body } = await post(tlsLogin({ ssl_mode: 'disable' }));
      expect(status).toBe(500);
      expect(body.error.code).toBe('TLS_ERROR');
      expect(body.error.fields).toEqual(['extra.ssl_mode']);
      expect(body.error.hint).toContain('set extra.ssl_mode to require');
    });

    it('passes allow: plain text first, then TLS when the server insists', async () => {
      const { status } = await post(tlsLogin({ ssl_mode: 'allow' }));
      expect(status).toBe(200);
    });

    it('passes prefer for a role pg_hba.conf accepts only without TLS (libpq retries)',
      async () => {
        const { status } = await post({ ...tlsLogin({ ssl_mode: 'prefer' }),
          username: PLAIN_ONLY_ROLE });
        expect(status).toBe(200);
      });

    it('answers PERMISSION_DENIED, not a TLS hint, when pg_hba.conf refuses both ways',
      async () => {
        for (const ssl_mode of ['prefer', 'allow']) {
          const { status, body } = await post({ ...tlsLogin({ ssl_mode }),
            username: NOWHERE_ROLE });
          expect(status, ssl_mode).toBe(500);
          expect(body.error.code, ssl_mode).toBe('PERMISSION_DENIED');
          expect(body.message).toContain(NOWHERE_ROLE);
        }
      });

    it('logs in with a client certificate from extra.ssl_cert and extra.ssl_key', async () => {
      const { status } = await post({ ...tlsLogin({ ssl_mode: 'verify-full',
        ssl_root_cert: ca.certPem, ssl_cert: clientPair.certPem, ssl_key: clientPair.keyPem }),
      username: CERT_ROLE, password: '' });
      expect(status).toBe(200);
    });

    it('answers TLS_ERROR naming extra.ssl_cert for a missing or foreign client certificate',
      async () => {
        const foreign = { ssl_cert: strangerPair.certPem, ssl_key: strangerPair.keyPem };
        for (const certificate of [{}, foreign]) {
          const { status, body } = await post({ ...tlsLogin({ ssl_mode: 'verify-full',
            ssl_root_cert: ca.certPem, ...certificate }), username: CERT_ROLE, password: '' });
          expect(status).toBe(500);
          expect(body.error.code).toBe('TLS_ERROR');
          expect(body.error.fields).toEqual(['extra.ssl_cert', 'extra.ssl_key']);
          expect(body.message).toContain(CERT_ROLE);
        }
      });

    it('answers 400 naming extra.ssl_key for a key from another pair, before connecting',
      async () => {
        const { status, body } = await post({ ...tlsLogin({ ssl_mode: 'verify-full',
          ssl_root_cert: ca.certPem, ssl_cert: clientPair.certPem,
          ssl_key: strangerPair.keyPem }), username: CERT_ROLE, password: '' });
        expect(status).toBe(400);
        expect(body.errors).toEqual([{ field: 'extra.ssl_key',
          message: 'does not belong to extra.ssl_cert' }]);
      });
  });

  describe('server without TLS (the shared one)', () => {
    const plain = (ssl_mode?: string) =>
      credentialsFor(plainRole, plainPassword, 'postgres', ssl_mode ? { ssl_mode } : undefined);

    it('answers TLS_ERROR for require and for verify-full', async () => {
      for (const ssl_mode of ['require', 'verify-full']) {
        const { status, body } = await post(plain(ssl_mode));
        expect(status, ssl_mode).toBe(500);
        expect(body.error.code, ssl_mode).toBe('TLS_ERROR');
        expect(body.error.fields, ssl_mode).toEqual(['extra.ssl_mode']);
        expect(body.error.hint).toMatch(/prefer or disable/);
      }
    });

    it('passes prefer (falls back to plain text), allow, disable and the default', async () => {
      for (const ssl_mode of ['prefer', 'allow', 'disable', undefined]) {
        expect((await post(plain(ssl_mode))).status, String(ssl_mode)).toBe(200);
      }
    });
  });

  describe('listeners that do not finish the TLS request', () => {
    const listeners: Server[] = [];
    const sockets: Socket[] = [];
    const listen = async (answer: (socket: Socket) => void) => {
      const listener = createServer((socket) => {
        sockets.push(socket);
        socket.once('data', () => answer(socket));
        socket.on('error', () => {});
      });
      listeners.push(listener);
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      return (listener.address() as { port: number }).port;
    };
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      for (const listener of listeners) await new Promise((resolve) => listener.close(resolve));
    });

    it('answers CONNECTION_TIMEOUT in time when the TLS handshake never comes', async () => {
      // "S" says yes to TLS; then nothing, so the handshake waits for the deadline.
      const port = await listen((socket) => socket.write('S'));
      const quick = await testService({ resolver, config: { connectTimeoutMs: 1_000 } });
      const started = Date.now();
      const response = await quick.app.inject({ method: 'POST', url: '/workflows/v1/auth',
        payload: { ...tlsLogin({ ssl_mode: 'require' }), port } });
      const elapsedMs = Date.now() - started;
      await quick.app.close();

      expect(response.json().error.code).toBe('CONNECTION_TIMEOUT');
      expect(elapsedMs).toBeLessThan(1_000 + 1_000);
    });

    it('answers SOURCE_ERROR naming host and port when something else answers', async () => {
      const port = await listen((socket) =>
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'));
      const { status, body } = await post({ ...tlsLogin({ ssl_mode: 'prefer' }), port });
      expect(status).toBe(500);
      expect(body.error.code).toBe('SOURCE_ERROR');
      expect(body.error.fields).toEqual(['host', 'port']);
      expect(body.message).toContain(`localhost:${port}`);
    });
  });

  describe('malformed PEM', () => {
    let listener: Server;
    let connections = 0;

    beforeAll(async () => {
      listener = createServer((socket) => {
        connections += 1;
        socket.destroy();
      });
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

    it('answers 400 naming every bad PEM field, before any connection', async () => {
      const port = (listener.address() as { port: number }).port;
      const brokenCert = ca.certPem.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!');
      const { status, body, raw } = await post({ ...tlsLogin({ ssl_mode: 'verify-full',
        ssl_root_cert: brokenCert, ssl_cert: 'not a certificate',
        ssl_key: clientPair.keyPem.slice(0, 200) }), port });

      expect(status).toBe(400);
      expect(body.errors.map((error: { field: string }) => error.field).sort())
        .toEqual(['extra.ssl_cert', 'extra.ssl_key', 'extra.ssl_root_cert']);
      expect(connections).toBe(0);
      expect(raw).not.toContain(clientPair.keyPem.slice(40, 120));
    });

    it('answers 400 for an encrypted key and for a certificate without its key', async () => {
      const port = (listener.address() as { port: number }).port;
      const encryptedKey = createPrivateKey(clientPair.keyPem).export({ type: 'pkcs8',
        format: 'pem', cipher: 'aes-256-cbc', passphrase: 'Key-Passphrase-31' }).toString();

      const encrypted = await post({ ...tlsLogin({ ssl_cert: clientPair.certPem,
        ssl_key: encryptedKey }), port });
      expect(encrypted.status).toBe(400);
      expect(encrypted.body.errors).toEqual([{ field: 'extra.ssl_key',
        message: expect.stringContaining('encrypted') }]);

      const alone = await post({ ...tlsLogin({ ssl_cert: clientPair.certPem }), port });
      expect(alone.status).toBe(400);
      expect(alone.body.errors.map((error: { field: string }) => error.field))
        .toEqual(['extra.ssl_key']);
      expect(connections).toBe(0);
    });
  });

  it('leaves no secret or key in logs or bodies, and no backend open', async () => {
    const text = logs.text();
    for (const secret of [PASSWORD, plainPassword, clientPair.keyPem.split('\n')[1]!,
      serverPair.keyPem.split('\n')[1]!]) {
      expect(text).not.toContain(secret);
    }

    const tlsAdmin = await tlsAdminClient(tlsServer);
    const admin = await adminClient();
    try {
      expect(await settledBackends(tlsAdmin, TLS_ROLES)).toBe(0);
      expect(await settledBackends(admin, [plainRole])).toBe(0);
    } finally {
      await tlsAdmin.end();
      await admin.end();
    }
  });
});

/** The TLS server only takes TLS logins, its own superuser's included. */
async function tlsAdminClient(server: RunningPostgres): Promise<pg.Client> {
  const client = new pg.Client({ host: server.host, port: server.port, user: server.superuser,
    password: server.password, database: 'postgres', ssl: { rejectUnauthorized: false } });
  await client.connect();
  return client;
}

/**
 * Backends of the roles in pg_stat_activity, once they stop changing: a closed socket
 * ends its backend a moment later, so the count is read until it is 0 or 2 s have passed.
 */
async function settledBackends(admin: pg.Client, roles: string[]): Promise<number> {
  const until = Date.now() + 2_000;
  for (;;) {
    const { rows } = await admin.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM pg_stat_activity WHERE usename = ANY($1)', [roles]);
    const count = rows[0]?.count ?? 0;
    if (count === 0 || Date.now() > until) return count;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
