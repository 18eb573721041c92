/**
 * The catalogue of failure codes a source can produce, as fixed by the HTTP contract.
 * Each entry says what the code means, which request fields it usually points at and
 * what a person should try. `docs/error-codes.md` is checked against this table by a test.
 */
export const ERROR_CODES = {
  HOST_NOT_FOUND: {
    meaning: 'the host name does not resolve',
    fields: ['host'],
    fix: 'Check the spelling of the host name, or use its IP address.',
  },
  CONNECTION_REFUSED: {
    meaning: 'nothing listens at host:port',
    fields: ['host', 'port'],
    fix: 'Check the port, and that the server is running and accepts TCP connections.',
  },
  CONNECTION_TIMEOUT: {
    meaning: 'no answer within the connect timeout',
    fields: ['host', 'port'],
    fix: 'Check that a firewall lets this service reach the host and port.',
  },
  TLS_ERROR: {
    meaning: 'TLS required/refused, bad or untrusted certificate, hostname mismatch',
    fields: ['extra.ssl_mode', 'extra.ssl_cert'],
    fix: 'Match extra.ssl_mode to the server and give the CA that signed its certificate.',
  },
  INVALID_CREDENTIALS: {
    meaning: 'the source rejected the user or the secret',
    fields: ['username', 'password'],
    fix: 'Check the user name and the password or token.',
  },
  DATABASE_NOT_FOUND: {
    meaning: 'the database does not exist',
    fields: ['database'],
    fix: 'Check the database name; names are case-sensitive on most servers.',
  },
  PERMISSION_DENIED: {
    meaning: 'authenticated, but not allowed to connect to or read the database',
    fields: ['username', 'database'],
    fix: 'Ask the database administrator to grant this user access.',
  },
  TARGET_NOT_ALLOWED: {
    meaning: "the service's network policy forbids this host",
    fields: ['host'],
    fix: 'Use a host the operator allows, or ask them to extend SOURCEGATE_ALLOWED_TARGETS.',
  },
  SOURCE_ERROR: {
    meaning: 'anything else the source said',
    fields: [],
    fix: 'Read the message from the source; it is passed through with secrets removed.',
  },
} as const satisfies Record<string, { meaning: string; fields: readonly string[]; fix: string }>;

/** One of the contract's `error.code` values. */
export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as ErrorCode[];
