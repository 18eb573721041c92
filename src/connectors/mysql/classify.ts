import { classifyNetworkError, errorCode } from '../../connector/network-failure.js';
import type { ErrorCode } from '../../errors/codes.js';
import { redactSecrets } from '../../errors/redact.js';
import { sourceFailure, type SourceFailure } from '../../errors/source-failure.js';
import type { MysqlTarget } from './client.js';

/** MySQL server error numbers this connector tells apart (mysqld_error.h). */
export const MYSQL_ERRNO = {
  DBACCESS_DENIED: 1044,
  ACCESS_DENIED: 1045,
  BAD_DB: 1049,
  HOST_NOT_PRIVILEGED: 1130,
  TOO_MANY_CONNECTIONS: 1040,
  SECURE_TRANSPORT_REQUIRED: 3159,
} as const;

/**
 * Translates a mysql2 failure into the contract's codes: first the server's error
 * number, then mysql2's own handshake codes and Node's errno, and only then text.
 */
export function classifyMysqlError(
  error: unknown,
  target: MysqlTarget,
  timedOut: boolean,
): SourceFailure {
  const errno = serverErrno(error);
  if (errno !== undefined) return classifyServerError(error, errno, target);

  const at = `${target.host}:${target.port}`;
  const code = errorCode(error);
  if (code === 'HANDSHAKE_NO_SSL_SUPPORT') {
    return sourceFailure('TLS_ERROR', {
      message: `The MySQL server at ${at} does not accept TLS connections.`,
      hint: 'The server has TLS turned off: set extra.ssl_mode to prefer or disable, ' +
        'or configure ssl_cert and ssl_key on the server.',
      fields: ['extra.ssl_mode'], cause: error,
    });
  }
  if (code === 'MYSQL_CLEAR_PASSWORD_NOT_ENABLED') {
    return sourceFailure('TLS_ERROR', {
      message: `The MySQL server at ${at} asks user "${target.username}" for a clear-text ` +
        'password, which this service only sends over TLS.',
      hint: 'Set extra.ssl_mode to require, verify-ca or verify-full.',
      fields: ['extra.ssl_mode'], cause: error,
    });
  }
  if (code === 'HANDSHAKE_SSL_ERROR') return classifyTlsHandshake(error, target);

  const network = classifyNetworkError(error, target, timedOut);
  if (network) return network;

  const words = error instanceof Error ? error.message : String(error);
  return sourceFailure('SOURCE_ERROR', {
    message: `MySQL at ${at}: ${redactSecrets(words, target.secrets)}`,
    hint: 'Check the server log at the time of this request for the cause.',
    fields: [], cause: error,
  });
}

function classifyServerError(error: unknown, errno: number, target: MysqlTarget) {
  const { host, port, username, database } = target;
  const at = `${host}:${port}`;
  const words = redactSecrets((error as Error).message, target.secrets);
  const fail = (code: ErrorCode, message: string, hint: string, fields?: string[]) =>
    sourceFailure(code, { message, hint, fields, cause: error });

  switch (errno) {
    case MYSQL_ERRNO.ACCESS_DENIED:
      return fail('INVALID_CREDENTIALS',
        `MySQL at ${at} rejected user "${username}" or its password.`,
        `Check the password for user ${username}, and that an account ${username}@<this ` +
        "service's address> exists: MySQL answers both alike.", ['username', 'password']);
    case MYSQL_ERRNO.DBACCESS_DENIED:
      return fail('PERMISSION_DENIED',
        `User "${username}" may not open database "${database}" at ${at}.`,
        `Grant it: GRANT SELECT ON \`${database}\`.* TO '${username}'@'<this service's ` +
        "address>'. MySQL also answers this for a database that does not exist.",
        ['username', 'database']);
    case MYSQL_ERRNO.BAD_DB:
      return fail('DATABASE_NOT_FOUND',
        `Database "${database}" does not exist on MySQL at ${at}.`,
        'Check the database name; on Linux servers database names are case-sensitive.',
        ['database']);
    case MYSQL_ERRNO.HOST_NOT_PRIVILEGED:
      return fail('PERMISSION_DENIED',
        `MySQL at ${at} has no account that may connect from this service's address.`,
        `Ask the administrator to create ${username}@'<this service's address>' (or a ` +
        "host pattern that covers it): MySQL accounts are user name plus client host.",
        ['username', 'host']);
    case MYSQL_ERRNO.SECURE_TRANSPORT_REQUIRED:
      return fail('TLS_ERROR', `MySQL at ${at} requires TLS (require_secure_transport).`,
        'The server requires TLS: set extra.ssl_mode to require.', ['extra.ssl_mode']);
    case MYSQL_ERRNO.TOO_MANY_CONNECTIONS:
      return fail('SOURCE_ERROR', `MySQL at ${at} has no connection slots left.`,
        'The server is at max_connections; try again shortly or raise the limit.', []);
  }
  return fail('SOURCE_ERROR', `MySQL at ${at} answered error ${errno}: ${words}`,
    'Read the server message; the server log has the details.', []);
}

/**
 * mysql2 replaces Node's TLS error code with HANDSHAKE_SSL_ERROR, so the certificate
 * problem is recovered from what Node leaves on the error: a name mismatch carries the
 * `reason` and `host` of tls.checkServerIdentity, a chain problem OpenSSL's wording.
 */
function classifyTlsHandshake(error: unknown, target: MysqlTarget): SourceFailure {
  const original = Object.assign(new Error('TLS handshake failed', { cause: error }),
    { code: nodeTlsCode(error) });
  const network = classifyNetworkError(original, target, false);
  if (network) return { ...network, cause: error };

  return sourceFailure('TLS_ERROR', {
    message: `The TLS handshake with MySQL at ${target.host}:${target.port} failed.`,
    hint: 'Check extra.ssl_mode and the client certificate the server expects.',
    fields: ['extra.ssl_mode', 'extra.ssl_cert'], cause: error,
  });
}

const OPENSSL_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/self[- ]signed certificate in certificate chain/i, 'SELF_SIGNED_CERT_IN_CHAIN'],
  [/self[- ]signed certificate/i, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  [/unable to verify the first certificate/i, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  [/unable to get local issuer certificate/i, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
  [/unable to get issuer certificate/i, 'UNABLE_TO_GET_ISSUER_CERT'],
  [/certificate has expired/i, 'CERT_HAS_EXPIRED'],
  [/certificate is not yet valid/i, 'CERT_NOT_YET_VALID'],
];

function nodeTlsCode(error: unknown): string {
  const fields = error as { reason?: unknown; host?: unknown; message?: unknown };
  if (typeof fields.reason === 'string' && typeof fields.host === 'string') {
    return 'ERR_TLS_CERT_ALTNAME_INVALID';
  }
  const message = typeof fields.message === 'string' ? fields.message : '';
  return OPENSSL_WORDS.find(([words]) => words.test(message))?.[1] ?? '';
}

/** The server's error number: a positive `errno` with a SQLSTATE, as mysql2 reports it. */
function serverErrno(error: unknown): number | undefined {
  const { errno, sqlState } = (error ?? {}) as { errno?: unknown; sqlState?: unknown };
  return typeof errno === 'number' && errno > 0 && typeof sqlState === 'string'
    ? errno : undefined;
}

/** The server has no TLS: `prefer` may go on in plain text. */
export function isServerWithoutTls(error: unknown): boolean {
  return errorCode(error) === 'HANDSHAKE_NO_SSL_SUPPORT';
}

/** require_secure_transport refused plain text: `allow` may retry with TLS. */
export function isTlsRequiredByServer(error: unknown): boolean {
  return serverErrno(error) === MYSQL_ERRNO.SECURE_TRANSPORT_REQUIRED;
}
