import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mysqlConnector } from '../src/connectors/mysql/index.js';
import { createCertificateAuthority } from './support/certificates.js';
import { type PrivateMariadb, startPrivateMariadb } from './support/mariadb.js';
import { testService } from './support/service.js';

// The shared MariaDB has TLS off and must not be reconfigured, so these tests start a
// server of their own with a certificate for "localhost" from a CA made for the run.
const trustedCa = createCertificateAuthority('Sourcegate MySQL test CA');
const otherCa = createCertificateAuthority('Some other CA');
const serverCertificate = trustedCa.issue({ commonName: 'localhost', dnsNames: ['localhost'],
  usage: 'server' });
const clientCertificate = trustedCa.issue({ commonName: 'x509_user', usage: 'client' });
const started = await startPrivateMariadb({ tls: { certPem: serverCertificate.certPem,
  keyPem: serverCertificate.keyPem, caPem: trustedCa.certPem } });
const server = 'unavailable' in started ? undefined : started as PrivateMariadb;
const title = server ? 'MySQL TLS, token and host rules against a private MariaDB'
  : `MySQL TLS tests (skipped: ${(started as { unavailable: string }).unavailable})`;

const USER = 'tls_reader';
const PASSWORD = 'Tls-Reader-Pass-2';
const TOKEN = 'iam-token-6f1d0c2b9a';

async function postAuth(payload: Record<string, unknown>) {
  const { app, logs } = await testService({ connector: mysqlConnector });
  const response = await app.inject({ method: 'POST', url: '/workflows/v1/auth', payload });
  await app.close();
  return { status: response.statusCode, body: response.json(), logs: logs.text() };
}

describe.skipIf(!server)(title, () => {
  let admin: Connection;

  beforeAll(async () => {
    admin = await server!.admin();
    await admin.query('CREATE DATABASE sales');
    // REQUIRE SSL: a login that succeeds proves the connection was encrypted.
    await admin.query(`CREATE USER '${USER}'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}' ` +
      'REQUIRE SSL');
    await admin.query(`GRANT SELECT ON sales.* TO '${USER}'@'127.0.0.1'`);
    // A database account whose password is a short-lived token, as cloud IAM issues.
    await admin.query(`CREATE USER 'iam_user'@'127.0.0.1' IDENTIFIED BY '${TOKEN}' REQUIRE SSL`);
    await admin.query("GRANT SELECT ON sales.* TO 'iam_user'@'127.0.0.1'");
    // REQUIRE X509: the server wants a client certificate signed by its CA.
    await admin.query(`CREATE USER 'x509_user'@'127.0.0.1' IDENTIFIED BY '${PASSWORD}' ` +
      'REQUIRE X509');
    await admin.query("GRANT SELECT ON sales.* TO 'x509_user'@'127.0.0.1'");
  });

  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });

  const credentials = (extra: Record<string, unknown>, overrides = {}) => ({
    authType: 'basic', host: '127.0.0.1', port: server!.port, username: USER,
    password: PASSWORD, database: 'sales', extra, ...overrides });

  it('require: encrypts without checking the certificate', async () => {
    const { status } = await postAuth(credentials({ ssl_mode: 'require' }));
    expect(status).toBe(200);
  });

  it('prefer: uses TLS when the server offers it', async () => {
    const { status } = await postAuth(credentials({}));
    expect(status).toBe(200);
  });

  it('verify-ca: accepts a chain from the given CA', async () => {
    const { status } = await postAuth(credentials({ ssl_mode: 'verify-ca',
      ssl_root_cert: trustedCa.certPem }));
    expect(status).toBe(200);
  });

  it('verify-ca: TLS_ERROR naming ssl_root_cert for a certificate from another CA',
    async () => {
      const { status, body } = await postAuth(credentials({ ssl_mode: 'verify-ca',
        ssl_root_cert: otherCa.certPem }));
      expect(status).toBe(500);
      expect(body.error.code).toBe('TLS_ERROR');
      expect(body.error.fields).toContain('extra.ssl_root_cert');
    });

  it('verify-full: accepts the name the certificate carries', async () => {
    const { status } = await postAuth(credentials({ ssl_mode: 'verify-full',
      ssl_root_cert: trustedCa.certPem }, { host: 'localhost' }));
    expect(status).toBe(200);
  });

  it('verify-full: TLS_ERROR naming host when the certificate is for another name',
    async () => {
      const { status, body } = await postAuth(credentials({ ssl_mode: 'verify-full',
        ssl_root_cert: trustedCa.certPem }));
      expect(status).toBe(500);
      expect(body.error.code).toBe('TLS_ERROR');
      expect(body.error.fields).toEqual(['host', 'extra.ssl_mode']);
      expect(body.message).toContain('not issued for 127.0.0.1');
    });

  it('token: presents the token as the password over TLS, and never shows it', async () => {
    const good = await postAuth(credentials({ ssl_mode: 'require' },
      { authType: 'token', username: 'iam_user', password: TOKEN }));
    expect(good.status).toBe(200);
    expect(good.logs).not.toContain(TOKEN);

    const wrong = await postAuth(credentials({ ssl_mode: 'verify-ca',
      ssl_root_cert: trustedCa.certPem, token: 'expired-token-0000' },
    { authType: 'token', username: 'iam_user', password: '' }));
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.body.error.fields).toEqual(['username', 'extra.token']);
    expect(JSON.stringify(wrong.body) + wrong.logs).not.toContain('expired-token-0000');
  });

  it('presents the client certificate from extra.ssl_cert and extra.ssl_key', async () => {
    const withCertificate = await postAuth(credentials({ ssl_mode: 'verify-ca',
      ssl_root_cert: trustedCa.certPem, ssl_cert: clientCertificate.certPem,
      ssl_key: clientCertificate.keyPem }, { username: 'x509_user' }));
    expect(withCertificate.status).toBe(200);
    expect(withCertificate.logs).not.toContain('PRIVATE KEY');

    // MariaDB refuses a login without the required certificate as it refuses a password.
    const without = await postAuth(credentials({ ssl_mode: 'verify-ca',
      ssl_root_cert: trustedCa.certPem }, { username: 'x509_user' }));
    expect(without.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('1130: PERMISSION_DENIED with a hint when no account matches the client host',
    async () => {
      // The accounts exist for 127.0.0.1 only; over ::1 the server knows no such host.
      const { status, body } = await postAuth(credentials({ ssl_mode: 'disable' },
        { host: '::1' }));
      expect(status).toBe(500);
      expect(body.error.code).toBe('PERMISSION_DENIED');
      expect(body.error.fields).toEqual(['username', 'host']);
      expect(body.error.hint).toMatch(/user name plus client host/);
    });
});
