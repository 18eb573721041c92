import { fetchClientCredentialsToken } from '../auth/client-credentials.js';
import type { Deadline } from '../net/deadline.js';
import type { OperationContext } from './connector.js';
import type { SqlCredentials } from './sql-credentials.js';

/**
 * The secret a SQL source is sent as its password: the password itself for `basic`,
 * a short-lived token for `token` (as cloud IAM database auth does), and for `oauth`
 * a given access token or one fetched with the client-credentials grant.
 */
export async function presentedSecret(
  credentials: SqlCredentials,
  deadline: Deadline,
  context: Pick<OperationContext, 'resolveTarget'>,
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
