import type { SqlExtra, SslMode } from '../../connector/sql-credentials.js';

/** The slice of mysql2's `ssl` option this connector sets. */
export interface MysqlSslOptions {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
  /** Checks that the certificate names the host (mysql2 calls tls.checkServerIdentity). */
  verifyIdentity: boolean;
}

/** One way of opening the connection: with TLS options, or in plain text (`false`). */
export type MysqlTlsAttempt = false | MysqlSslOptions;

/**
 * Maps `extra.ssl_mode` to mysql2 attempts with libpq's meanings, as the PostgreSQL
 * connector does, so that one setting means the same for every SQL source:
 * `allow` tries plain text first and TLS when the server insists, `prefer` (the default)
 * the other way round, `require` encrypts without checking the certificate unless a
 * root certificate is given, `verify-ca` checks the chain, `verify-full` also the name.
 * MySQL's own client names them DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY.
 */
export function mysqlTlsAttempts(extra: SqlExtra = {}): MysqlTlsAttempt[] {
  const mode: SslMode = extra.ssl_mode ?? 'prefer';
  const material = {
    ...(extra.ssl_root_cert ? { ca: extra.ssl_root_cert } : {}),
    ...(extra.ssl_cert && extra.ssl_key ? { cert: extra.ssl_cert, key: extra.ssl_key } : {}),
  };
  const unverified = (): MysqlSslOptions =>
    ({ ...material, rejectUnauthorized: false, verifyIdentity: false });
  const chainOnly = (): MysqlSslOptions =>
    ({ ...material, rejectUnauthorized: true, verifyIdentity: false });

  // A fresh object per attempt: mysql2 keys its TLS session cache on the object, and a
  // session must never be resumed by another request.
  switch (mode) {
    case 'disable':
      return [false];
    case 'allow':
      return [false, unverified()];
    case 'prefer':
      return [unverified(), false];
    case 'require':
      return [extra.ssl_root_cert ? chainOnly() : unverified()];
    case 'verify-ca':
      return [chainOnly()];
    case 'verify-full':
      return [{ ...material, rejectUnauthorized: true, verifyIdentity: true }];
  }
}
