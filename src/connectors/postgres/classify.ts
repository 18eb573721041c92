import pg from 'pg';

import { classifyNetworkError, errorCode } from '../../connector/network-failure.js';
import { redactSecrets } from '../../errors/redact.js';
import { sourceFailure, type SourceFailure } from '../../errors/source-failure.js';
import type { PostgresTarget } from './client.js';

// pg raises these two without a code; the texts are fixed strings in its connection.js.
const SERVER_WITHOUT_TLS = 'The server does not support SSL connections';
const TLS_SETUP_FAILED = 'There was an error establishing an SSL connection';

/**
 * Turns whatever connecting or querying PostgreSQL threw into the contract's failure.
 * SQLSTATE first (https://www.postgresql.org/docs/current/errcodes-appendix.html),
 * then Node's errno and TLS codes, and only then pg's fixed message texts.
 */
export function classifyPostgresError(
  error: unknown,
  target: PostgresTarget,
  timedOut: boolean,
): SourceFailure {
  if (error instanceof pg.DatabaseError) return classifyServerError(error, target);

  const network = classifyNetworkError(error, target, timedOut);
  if (network) return network;

  const at = `${target.host}:${target.port}`;
  if (isServerWithoutTls(error)) {
    return sourceFailure('TLS_ERROR', {
      message: `PostgreSQL at ${at} does not accept TLS connections.`,
      hint: 'The server has TLS turned off: set extra.ssl_mode to prefer or disable, ' +
        'or turn on ssl in its postgresql.conf.',
      fields: ['extra.ssl_mode'], cause: error,
    });
  }
  // PostgreSQL answers the TLS request with "S" or "N" only (protocol docs, "SSL Session
  // Encryption"); any other answer comes from something that is not PostgreSQL.
  if (error instanceof Error && error.message === TLS_SETUP_FAILED) {
    return sourceFailure('SOURCE_ERROR', {
      message: `${at} did not answer the TLS request as PostgreSQL does.`,
      hint: `Check that port ${target.port} on ${target.host} is PostgreSQL, not another ` +
        'service or a proxy that does not pass the TLS request on.',
      fields: ['host', 'port'], cause: error,
    });
  }

  const words = error instanceof Error ? error.message : String(error);
  return sourceFailure('SOURCE_ERROR', {
    message: `PostgreSQL at ${at}: ${redactSecrets(words, target.secrets)}`,
    hint: 'Check the server log at the time of this request for the cause.',
    fields: [], cause: error,
  });
}

function classifyServerError(error: pg.DatabaseError, target: PostgresTarget): SourceFailure {
  const { host, port, username, database } = target;
  const at = `${host}:${port}`;
  const words = redactSecrets(error.message, target.secrets);
  const fail = (code: Parameters<typeof sourceFailure>[0], message: string, hint: string,
    fields?: string[]) => sourceFailure(code, { message, hint, fields, cause: error });

  switch (error.code) {
    case '28P01':
      return fail('INVALID_CREDENTIALS',
        `PostgreSQL at ${at} rejected user "${username}" or its password.`,
        `Check the password for user ${username}, and that the user exists: PostgreSQL ` +
        'answers an unknown user and a wrong password alike.', ['username', 'password']);
    case '28000':
      return classifyRejectedLogin(error, target);
    case '3D000':
      return fail('DATABASE_NOT_FOUND',
        `Database "${database}" does not exist on PostgreSQL at ${at}.`,
        'Check the database name; PostgreSQL database names are case-sensitive.');
    case '42501':
      return fail('PERMISSION_DENIED',
        `User "${username}" may not connect to database "${database}" at ${at}.`,
        `Grant it: GRANT CONNECT ON DATABASE "${database}" TO "${username}".`);
    case '53300':
    case '53400':
      return fail('SOURCE_ERROR', `PostgreSQL at ${at} has no connection slots left (${words}).`,
        'The server is at max_connections; try again shortly or raise the limit.', []);
    case '57P03':
      return fail('SOURCE_ERROR', `PostgreSQL at ${at} is not accepting connections yet.`,
        'The server is starting up, shutting down or in recovery; try again shortly.', []);
  }

  if (error.code?.startsWith('28')) {
    return fail('INVALID_CREDENTIALS', `PostgreSQL at ${at} refused the login: ${words}`,
      `Check the credentials of user ${username}.`, ['username', 'password']);
  }
  return fail('SOURCE_ERROR', `PostgreSQL at ${at} answered ${error.code}: ${words}`,
    'Read the server message; the server log has the details.', []);
}

/**
 * 28000 covers several refusals with one SQLSTATE: a pg_hba.conf rule that does not
 * let this client in (with or without TLS), a missing or refused client certificate
 * and, under trust rules, an unknown role.
 * The message is the only thing that tells them apart.
 */
function classifyRejectedLogin(error: pg.DatabaseError, target: PostgresTarget) {
  const { host, port, username, database } = target;
  const at = `${host}:${port}`;
  if (/pg_hba\.conf/.test(error.message)) {
    if (/no encryption/.test(error.message)) {
      return sourceFailure('TLS_ERROR', {
        message: `PostgreSQL at ${at} requires TLS for user "${username}".`,
        hint: 'The server requires TLS: set extra.ssl_mode to require.',
        fields: ['extra.ssl_mode'], cause: error,
      });
    }
    return sourceFailure('PERMISSION_DENIED', {
      message: `PostgreSQL at ${at} has no pg_hba.conf rule that lets user "${username}" ` +
        `reach database "${database}" from this service.`,
      hint: 'Ask the administrator to add a pg_hba.conf entry for this client address.',
      fields: ['username', 'database', 'host'], cause: error,
    });
  }
  // The `cert` method and clientcert=verify-* refuse with 28000 too: "connection requires
  // a valid client certificate", "certificate authentication failed for user ...".
  if (/certificate/.test(error.message)) {
    return sourceFailure('TLS_ERROR', {
      message: `PostgreSQL at ${at} did not accept a client certificate for user ` +
        `"${username}".`,
      hint: 'Give a client certificate whose common name is the user name, signed by a CA ' +
        'the server trusts, in extra.ssl_cert and extra.ssl_key.',
      fields: ['extra.ssl_cert', 'extra.ssl_key'], cause: error,
    });
  }
  return sourceFailure('INVALID_CREDENTIALS', {
    message: `PostgreSQL at ${at} does not know user "${username}".`,
    hint: `Check the user name ${username}.`,
    fields: ['username'], cause: error,
  });
}

/** The server answered the TLS request with "no": `prefer` may go on in plain text. */
export function isServerWithoutTls(error: unknown): boolean {
  return error instanceof Error && error.message === SERVER_WITHOUT_TLS && errorCode(error) === '';
}

/** A pg_hba.conf `hostssl` rule refused plain text: `allow` may retry with TLS. */
export function isTlsRequiredByServer(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code === '28000' &&
    /no encryption/.test(error.message);
}

/** A pg_hba.conf rule refused the TLS login (`hostnossl`): `prefer` may retry in plain text. */
export function isPlainTextRequiredByServer(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code === '28000' &&
    /pg_hba\.conf/.test(error.message) && /SSL encryption/.test(error.message);
}
