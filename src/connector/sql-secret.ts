import { fetchClientCredentialsToken, type GrantContext } from '../auth/client-credentials.js';
import type { SourceFailure } from '../errors/source-failure.js';
import type { Deadline } from '../net/deadline.js';
import type { SqlCredentials } from './sql-credentials.js';

/**
 * The secret a SQL source is sent as its password: the password itself for `basic`,
 * a short-lived token for `token` (as cloud IAM database auth does), and for `oauth`
 * a given access token or one fetched with the client-credentials grant.
 * The credential check has already refused a token or oauth request with no secret.
 */
export async function presentedSecret(
  credentials: SqlCredentials,
  deadline: Deadline,
  context: GrantContext,
): Promise<string> {
  const extra = credentials.extra ?? {};
  switch (credentials.authType) {
    case 'basic':
      return credentials.password;
    case 'token':
      return credentials.password || extra.token || '';
    case 'oauth':
      if (extra.oauth_token) return extra.oauth_token;
      if (extra.client_id && extra.client_secret && extra.token_url) {
        return fetchClientCredentialsToken({
          clientId: extra.client_id,
          clientSecret: extra.client_secret,
          tokenUrl: extra.token_url,
          scope: extra.scope,
        }, deadline, context);
      }
      return credentials.password;
  }
}

/** The request field the presented secret came from. */
export function presentedSecretField(credentials: SqlCredentials): string {
  const extra = credentials.extra ?? {};
  switch (credentials.authType) {
    case 'basic':
      return 'password';
    case 'token':
      return credentials.password ? 'password' : 'extra.token';
    case 'oauth':
      if (extra.oauth_token) return 'extra.oauth_token';
      if (extra.client_id && extra.client_secret && extra.token_url) return 'extra.client_id';
      return 'password';
  }
}

/**
 * Points a refused login at the field the secret really came from: a person who sent
 * a token in extra.token should not be told to check the password. For a fetched token
 * the source refused what the identity provider issued, so the client id is blamed.
 */
export function blamePresentedSecret(
  failure: SourceFailure,
  credentials: SqlCredentials,
): SourceFailure {
  const field = presentedSecretField(credentials);
  if (failure.code !== 'INVALID_CREDENTIALS' || field === 'password' ||
    !failure.fields.includes('password')) {
    return failure;
  }

  const user = credentials.username;
  const hint = field === 'extra.client_id'
    ? `The source refused the token issued to extra.client_id for user ${user}: check that ` +
      'the identity provider issues tokens this source accepts for that user.'
    : `The source refused the token in ${field} for user ${user}: check that it is current ` +
      '(tokens expire) and issued for that user.';
  return { ...failure, hint,
    fields: failure.fields.map((name) => (name === 'password' ? field : name)) };
}
