import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';

import type { SqlExtra, SslMode } from '../../connector/sql-credentials.js';

/** One way of opening the connection: with TLS options, or in plain text (`false`). */
export type PostgresTlsAttempt = false | ConnectionOptions;

/**
 * Maps `extra.ssl_mode` to the attempts libpq would make, in order
 * (https://www.postgresql.org/docs/current/libpq-ssl.html, table 34.1):
 * `allow` tries plain text first and TLS if the server insists, `prefer` (the default)
 * the other way round: plain text when the server has no TLS or pg_hba.conf refuses the
 * TLS login. `require` with a root certificate verifies the chain, as libpq
 * does when a root certificate file is present.
 */
export function tlsAttempts(host: string, extra: SqlExtra = {}): PostgresTlsAttempt[] {
  const mode: SslMode = extra.ssl_mode ?? 'prefer';
  const clientCertificate = extra.ssl_cert && extra.ssl_key
    ? { cert: extra.ssl_cert, key: extra.ssl_key } : {};
  const unverified: ConnectionOptions = { ...clientCertificate, rejectUnauthorized: false };
  const chainOnly: ConnectionOptions = {
    ...clientCertificate,
    ca: extra.ssl_root_cert,
    rejectUnauthorized: true,
    checkServerIdentity: () => undefined,
  };

  switch (mode) {
    case 'disable':
      return [false];
    case 'allow':
      return [false, unverified];
    case 'prefer':
      return [unverified, false];
    case 'require':
      return [extra.ssl_root_cert ? chainOnly : unverified];
    case 'verify-ca':
      return [chainOnly];
    case 'verify-full':
      return [{ ...clientCertificate, ca: extra.ssl_root_cert, rejectUnauthorized: true,
        ...serverName(host) }];
  }
}

/** The name the certificate must carry. SNI may not be an IP address (RFC 6066, 3). */
function serverName(host: string): ConnectionOptions {
  const bare = host.replace(/^\[|\]$/g, '');
  return isIP(bare) === 0 ? { servername: bare } : {};
}
