import { describe, expect, it } from 'vitest';

import { classifyMysqlError, isTlsRequiredByServer } from
  '../src/connectors/mysql/classify.js';
import { checkClearTextNeedsTls } from '../src/connectors/mysql/credentials.js';
import { mysqlTlsAttempts } from '../src/connectors/mysql/tls.js';

const target = { host: 'db.internal', port: 3306, username: 'app', database: 'sales',
  connectTimeoutMs: 1_000, secrets: ['Sup3r-Secret'] };

/** An error shaped as mysql2 reports a server's ERR packet. */
function serverError(errno: number, sqlState: string, message: string) {
  return Object.assign(new Error(message), { errno, sqlState, code: 'ER_X', fatal: true });
}

// Pure logic. Every code here is also produced by a real server in mysql-auth, mysql-tls
// and the contract tests, except 3159: MariaDB answers a plain login under
// require_secure_transport with 1045, and no MySQL server is available to these tests.
describe('classifyMysqlError (unit)', () => {
  it('3159 (require_secure_transport, MySQL only) is TLS_ERROR and lets allow retry', () => {
    const error = serverError(3159, 'HY000',
      'Connections using insecure transport are prohibited while --require_secure_transport=ON.');
    const failure = classifyMysqlError(error, target, false);
    expect(failure).toMatchObject({ code: 'TLS_ERROR', fields: ['extra.ssl_mode'] });
    expect(failure.hint).toContain('require');
    expect(isTlsRequiredByServer(error)).toBe(true);
  });

  it('passes an unknown server error on with its number, secrets removed', () => {
    const failure = classifyMysqlError(
      serverError(1227, '42000', 'Access denied near Sup3r-Secret'), target, false);
    expect(failure.code).toBe('SOURCE_ERROR');
    expect(failure.message).toContain('1227');
    expect(failure.message).not.toContain('Sup3r-Secret');
  });

  it('reads the error number before Node errno text', () => {
    const error = Object.assign(serverError(1045, '28000', 'connect ECONNREFUSED'),
      { code: 'ECONNREFUSED' });
    expect(classifyMysqlError(error, target, false).code).toBe('INVALID_CREDENTIALS');
  });
});

describe('MySQL TLS attempts and the clear-text rule (unit)', () => {
  it('maps ssl_mode with libpq meanings', () => {
    expect(mysqlTlsAttempts({ ssl_mode: 'disable' })).toEqual([false]);
    expect(mysqlTlsAttempts({})[1]).toBe(false);
    expect(mysqlTlsAttempts({ ssl_mode: 'allow' })[0]).toBe(false);
    expect(mysqlTlsAttempts({ ssl_mode: 'verify-ca' })).toEqual(
      [{ rejectUnauthorized: true, verifyIdentity: false }]);
    expect(mysqlTlsAttempts({ ssl_mode: 'verify-full' })).toEqual(
      [{ rejectUnauthorized: true, verifyIdentity: true }]);
  });

  it('accepts token and oauth only with modes that never fall back to plain text', () => {
    for (const ssl_mode of ['require', 'verify-ca', 'verify-full'] as const) {
      expect(checkClearTextNeedsTls({ authType: 'token', extra: { ssl_mode } })).toEqual([]);
    }
    for (const ssl_mode of ['disable', 'allow', 'prefer', undefined] as const) {
      const extra = ssl_mode ? { ssl_mode } : {};
      expect(checkClearTextNeedsTls({ authType: 'oauth', extra })).toHaveLength(1);
    }
    expect(checkClearTextNeedsTls({ authType: 'basic', extra: { ssl_mode: 'disable' } }))
      .toEqual([]);
  });
});
