import Type, { type Static } from 'typebox';

import type { FieldError } from '../errors/field-error.js';
import { isValidHost } from '../net/host.js';
import { defineCredentials } from './credential-spec.js';
import { checkKeyPair, checkPem } from './pem.js';

/** libpq's sslmode values; every SQL connector gives them the same meaning. */
export const SSL_MODES = [
  'disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full',
] as const;
export type SslMode = (typeof SSL_MODES)[number];

export const AUTH_TYPES = ['basic', 'oauth', 'token'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

const secret = (description: string) =>
  Type.String({ description, writeOnly: true, maxLength: 65536 });

/** The `extra` object of the built-in SQL connectors. Unknown keys are refused. */
export const SqlExtraSchema = Type.Object({
  ssl_mode: Type.Optional(Type.Enum([...SSL_MODES], {
    description: 'TLS mode with libpq meanings. Default: prefer.',
  })),
  ssl_root_cert: Type.Optional(secret('PEM of the CA(s) that signed the server certificate.')),
  ssl_cert: Type.Optional(secret('PEM client certificate, for servers that ask for one.')),
  ssl_key: Type.Optional(secret('PEM private key of the client certificate.')),
  token: Type.Optional(secret('For authType token: the token, when not in password.')),
  oauth_token: Type.Optional(secret('For authType oauth: an access token presented as password.')),
  api_key: Type.Optional(secret('Accepted for compatibility; SQL sources do not use it.')),
  client_id: Type.Optional(Type.String({ description: 'OAuth client id (client credentials).',
    maxLength: 1024 })),
  client_secret: Type.Optional(secret('OAuth client secret (client credentials).')),
  token_url: Type.Optional(Type.String({ description: 'OAuth token endpoint, http(s) URL.',
    maxLength: 2048 })),
  scope: Type.Optional(Type.String({ description: 'OAuth scope to ask for.', maxLength: 1024 })),
}, { additionalProperties: false, description:
  'TLS settings, PEM material and OAuth settings; an object or a string holding one.' });

/** The credential body of the built-in SQL connectors, as the product page defines it. */
export const SqlCredentialsSchema = Type.Object({
  authType: Type.Enum([...AUTH_TYPES], { description: 'How the secret is presented.' }),
  host: Type.String({ description: 'Host name or IP address.', minLength: 1, maxLength: 255,
    examples: ['localhost'] }),
  port: Type.Integer({ minimum: 1, maximum: 65535, examples: [5432] }),
  username: Type.String({ minLength: 1, maxLength: 1024, examples: ['username'] }),
  password: Type.String({ maxLength: 65536, writeOnly: true, examples: ['password'],
    description: 'The password; for token and oauth it may be empty when extra holds it.' }),
  database: Type.String({ minLength: 1, maxLength: 1024, examples: ['databasename'] }),
  extra: Type.Optional(SqlExtraSchema),
}, { additionalProperties: false });

export type SqlCredentials = Static<typeof SqlCredentialsSchema>;
export type SqlExtra = Static<typeof SqlExtraSchema>;

/** What the schema cannot say: a well-formed host, parseable PEM, a secret to present. */
export function checkSqlCredentials(value: Partial<SqlCredentials>): FieldError[] {
  const errors: FieldError[] = [];
  const extra: Partial<SqlExtra> = typeof value.extra === 'object' ? value.extra : {};

  if (typeof value.host === 'string' && value.host !== '' && !isValidHost(value.host)) {
    errors.push({ field: 'host', message: 'must be a host name or an IP address' });
  }
  if (typeof value.username === 'string' && value.username.includes('\0')) {
    errors.push({ field: 'username', message: 'must not contain NUL characters' });
  }
  if (typeof value.database === 'string' && value.database.includes('\0')) {
    errors.push({ field: 'database', message: 'must not contain NUL characters' });
  }

  const badPem = new Set<string>();
  for (const [field, kind] of [['ssl_root_cert', 'certificate'], ['ssl_cert', 'certificate'],
    ['ssl_key', 'private key']] as const) {
    const pem = extra[field];
    if (typeof pem !== 'string') continue;
    const problem = checkPem(pem, kind);
    if (problem) {
      badPem.add(field);
      errors.push({ field: `extra.${field}`, message: problem });
    }
  }
  if (typeof extra.ssl_cert === 'string' && typeof extra.ssl_key === 'string' &&
    !badPem.has('ssl_cert') && !badPem.has('ssl_key')) {
    const problem = checkKeyPair(extra.ssl_cert, extra.ssl_key);
    if (problem) errors.push({ field: 'extra.ssl_key', message: problem });
  }
  if ((extra.ssl_cert === undefined) !== (extra.ssl_key === undefined)) {
    const missing = extra.ssl_cert === undefined ? 'ssl_cert' : 'ssl_key';
    errors.push({ field: `extra.${missing}`, message: 'is required with a client certificate' });
  }

  errors.push(...checkSecretPresence(value, extra));
  return errors;
}

function checkSecretPresence(value: Partial<SqlCredentials>, extra: Partial<SqlExtra>) {
  const errors: FieldError[] = [];
  if (value.authType === 'token' && !value.password && !extra.token) {
    errors.push({ field: 'password', message: 'must hold the token, or give it in extra.token' });
  }

  if (value.authType === 'oauth' && !extra.oauth_token && !value.password) {
    const grant = ['client_id', 'client_secret', 'token_url'] as const;
    for (const field of grant.filter((name) => !extra[name])) {
      errors.push({ field: `extra.${field}`, message:
        'is required for authType oauth without extra.oauth_token' });
    }
  }

  if (extra.token_url !== undefined && !isHttpUrl(extra.token_url)) {
    errors.push({ field: 'extra.token_url', message: 'must be an http or https URL' });
  }
  return errors;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The credential spec shared by the PostgreSQL and MySQL connectors. */
export const sqlCredentials = defineCredentials(SqlCredentialsSchema, checkSqlCredentials);
