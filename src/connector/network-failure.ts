import type { ErrorCode } from '../errors/codes.js';
import { sourceFailure, type SourceFailure } from '../errors/source-failure.js';

/** Where a connection was aimed, as the person typed it. */
export interface NetworkTarget {
  host: string;
  port: number;
  connectTimeoutMs: number;
}

const TLS_VERIFY_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE', 'CERT_CHAIN_TOO_LONG', 'INVALID_CA', 'CERT_REJECTED',
]);
const TLS_DATE_CODES = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

/**
 * Classifies the failures every TCP source shares, from Node's errno and TLS codes:
 * DNS, refused, unreachable, timed out, certificate problems. Returns undefined for
 * anything else, which the connector's own classifier then looks at.
 */
export function classifyNetworkError(
  error: unknown,
  target: NetworkTarget,
  timedOut: boolean,
): SourceFailure | undefined {
  const code = errorCode(error);
  const at = `${target.host}:${target.port}`;
  const fail = (kind: ErrorCode, message: string, hint?: string, fields?: string[]) =>
    sourceFailure(kind, { message, hint, fields, cause: error });

  if (timedOut || code === 'ETIMEDOUT' || code === 'SOURCEGATE_DEADLINE') {
    return fail('CONNECTION_TIMEOUT',
      `No answer from ${at} within ${target.connectTimeoutMs} ms.`,
      `Check that ${target.host} is up and that a firewall lets this service reach port ` +
      `${target.port}.`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' ||
    code === 'EAI_FAIL' || code === 'EAI_NODATA') {
    return fail('HOST_NOT_FOUND', `The host name ${target.host} does not resolve.`,
      code === 'EAI_AGAIN'
        ? 'DNS did not answer in time; try again, or use the IP address.'
        : `Check the spelling of ${target.host}, or use the server's IP address.`);
  }
  if (code === 'ECONNREFUSED') {
    return fail('CONNECTION_REFUSED', `Nothing accepts connections at ${at}.`,
      `Check that the server runs on ${target.host} and listens on port ${target.port}.`);
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return fail('CONNECTION_REFUSED', `There is no network route to ${at}.`,
      'Check the host, and that this service runs in a network that can reach it.');
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return fail('TLS_ERROR', `The TLS certificate of ${at} is not issued for ${target.host}.`,
      'Connect by the name the certificate carries, or set extra.ssl_mode to verify-ca.',
      ['host', 'extra.ssl_mode']);
  }
  if (TLS_VERIFY_CODES.has(code)) {
    return fail('TLS_ERROR',
      `The TLS certificate of ${at} is not signed by a trusted CA (${code}).`,
      'Give the CA that signed the server certificate in extra.ssl_root_cert.',
      ['extra.ssl_root_cert', 'extra.ssl_mode']);
  }
  if (TLS_DATE_CODES.has(code)) {
    return fail('TLS_ERROR', `The TLS certificate of ${at} is outside its validity (${code}).`,
      'Ask the server administrator to renew the certificate.', ['extra.ssl_mode']);
  }
  // OpenSSL refuses a client key that does not belong to the client certificate while
  // the TLS context is built, before a byte of the handshake is sent.
  if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') {
    return fail('TLS_ERROR', `The client key for ${at} does not belong to the client ` +
      'certificate.', 'Give extra.ssl_key from the same pair as extra.ssl_cert.',
    ['extra.ssl_cert', 'extra.ssl_key']);
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return fail('TLS_ERROR', `The TLS handshake with ${at} failed (${code}).`,
      'Check extra.ssl_mode and the client certificate the server expects.',
      ['extra.ssl_mode', 'extra.ssl_cert']);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return fail('SOURCE_ERROR', `${at} closed the connection during the handshake.`,
      'The server, or something in between, dropped the connection; check its log.',
      ['host', 'port']);
  }
  return undefined;
}

export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
