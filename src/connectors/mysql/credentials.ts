import Type, { type Static } from 'typebox';

import { defineCredentials } from '../../connector/credential-spec.js';
import {
  checkSqlCredentials, SqlCredentialsSchema, type SqlCredentials,
} from '../../connector/sql-credentials.js';
import type { FieldError } from '../../errors/field-error.js';

/** The TLS modes under which the token would, or could, cross the network in clear text. */
const PLAIN_TEXT_MODES = new Set(['disable', 'allow', 'prefer']);

/**
 * The SQL credential body with MySQL's defaults shown in the API reference. The shape is
 * the shared one, so a front end sends the same fields to either SQL connector.
 */
export const MysqlCredentialsSchema = Type.Object({
  ...SqlCredentialsSchema.properties,
  port: Type.Integer({ minimum: 1, maximum: 65535, examples: [3306],
    description: 'MySQL listens on 3306 by default.' }),
  database: Type.String({ minLength: 1, maxLength: 1024, examples: ['sales'],
    description: 'The database (MySQL calls it a schema as well) to open.' }),
}, { additionalProperties: false, description: 'Credentials of a MySQL or MariaDB server. ' +
  'authType token and oauth send the token with mysql_clear_password, so they need ' +
  'extra.ssl_mode require, verify-ca or verify-full.' });

export type MysqlCredentials = Static<typeof MysqlCredentialsSchema> & SqlCredentials;

/**
 * A token or OAuth access token reaches MySQL as the password of the cleartext plugin
 * (mysql_clear_password), the way Amazon RDS IAM and LDAP/PAM accounts expect it. Over a
 * plain connection anyone on the path could read it, so only modes that never fall back
 * to plain text are accepted. A missing ssl_mode means `prefer`, which may fall back.
 */
export function checkClearTextNeedsTls(value: Partial<SqlCredentials>): FieldError[] {
  if (value.authType !== 'token' && value.authType !== 'oauth') return [];

  const mode = typeof value.extra === 'object' ? value.extra.ssl_mode ?? 'prefer' : 'prefer';
  if (!PLAIN_TEXT_MODES.has(mode)) return [];
  return [{
    field: 'extra.ssl_mode',
    message: `must be require, verify-ca or verify-full for authType ${value.authType}: ` +
      `MySQL receives the token in clear text (mysql_clear_password), and ssl_mode ${mode} ` +
      'may send it without TLS',
  }];
}

/** The MySQL connector's credential spec: the shared SQL checks plus the TLS rule above. */
export const mysqlCredentials = defineCredentials(MysqlCredentialsSchema,
  (value) => [...checkSqlCredentials(value), ...checkClearTextNeedsTls(value)]);
