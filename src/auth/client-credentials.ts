import type { OperationContext } from '../connector/connector.js';
import { classifyNetworkError } from '../connector/network-failure.js';
import { isSourceFailureError, sourceFailure, SourceFailureError,
  type SourceFailure } from '../errors/source-failure.js';
import { type Deadline, withinDeadline } from '../net/deadline.js';
import { postForm, type FormReply } from './post-form.js';

/** The OAuth client settings of `extra`, for the client-credentials grant. */
export interface ClientCredentialsGrant {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  scope?: string;
}

/** What the grant needs of the operation: the policy-checked resolver and the timeout. */
export type GrantContext = Pick<OperationContext, 'resolveTarget' | 'connectTimeoutMs'> &
  Partial<Pick<OperationContext, 'logger'>>;

const CLIENT_FIELDS = ['extra.client_id', 'extra.client_secret'];
const URL_FIELDS = ['extra.token_url'];

/**
 * Fetches an access token with the OAuth 2.0 client-credentials grant (RFC 6749, 4.4)
 * under the request's deadline, so that the grant and the login share one connect
 * timeout. The client authenticates with HTTP Basic (RFC 6749, 2.3.1). Every failure is
 * thrown as a SourceFailureError naming the extra fields involved, never the secret.
 */
export async function fetchClientCredentialsToken(
  grant: ClientCredentialsGrant,
  deadline: Deadline,
  context: GrantContext,
): Promise<string> {
  const url = new URL(grant.tokenUrl);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const endpoint = { host: url.hostname, port, connectTimeoutMs: context.connectTimeoutMs };

  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (grant.scope) form.set('scope', grant.scope);
  const basic = Buffer.from(`${formEncode(grant.clientId)}:${formEncode(grant.clientSecret)}`)
    .toString('base64');

  let reply: FormReply;
  try {
    const addresses = await withinDeadline(context.resolveTarget(url.hostname, port), deadline,
      url.host);
    reply = await postForm({ url, addresses, form,
      headers: { authorization: `Basic ${basic}`, accept: 'application/json' } }, deadline);
  } catch (error) {
    throw new SourceFailureError(endpointFailure(error, url, endpoint, deadline.expired()));
  }

  context.logger?.debug({ tokenEndpoint: url.origin, status: reply.status },
    'token endpoint answered');
  return tokenFrom(reply, url, grant);
}

/** RFC 6749, 5.1 and 5.2: a JSON object with access_token, or one with an error code. */
function tokenFrom(reply: FormReply, url: URL, grant: ClientCredentialsGrant): string {
  const body = parseObject(reply.body);
  const oauthError = typeof body?.error === 'string' && /^[a-z_]{1,64}$/.test(body.error)
    ? body.error : undefined;

  if (reply.status === 400 || reply.status === 401) {
    const scopeRefused = oauthError === 'invalid_scope';
    throw new SourceFailureError(sourceFailure('INVALID_CREDENTIALS', {
      // Only the RFC's error code is shown: error_description may quote what was sent.
      message: `The token endpoint ${url.host} refused client "${grant.clientId}" ` +
        `(${oauthError ?? `HTTP ${reply.status}`}).`,
      fields: scopeRefused ? ['extra.scope'] : CLIENT_FIELDS,
      hint: scopeRefused
        ? 'Ask for a scope this client is allowed, or leave extra.scope out.'
        : 'Check extra.client_id and extra.client_secret with the identity provider.',
    }));
  }

  const token = body?.access_token;
  if (reply.status < 200 || reply.status > 299 || typeof token !== 'string' || token === '') {
    throw new SourceFailureError(sourceFailure('SOURCE_ERROR', {
      message: `The token endpoint ${url.host} answered HTTP ${reply.status} without an ` +
        'access token.',
      fields: URL_FIELDS,
      hint: 'Check that extra.token_url is the OAuth token endpoint of the identity provider.',
    }));
  }
  return token;
}

/** A failure on the way to the endpoint, pointed at extra.token_url instead of host. */
function endpointFailure(
  error: unknown,
  url: URL,
  endpoint: { host: string; port: number; connectTimeoutMs: number },
  timedOut: boolean,
): SourceFailure {
  const found = isSourceFailureError(error) ? error.failure
    : classifyNetworkError(error, endpoint, timedOut);
  if (!found) {
    return sourceFailure('SOURCE_ERROR', {
      message: `The token endpoint ${url.host} could not be reached.`,
      fields: URL_FIELDS, cause: error,
    });
  }
  // extra.ssl_* configure the database connection only; the endpoint is checked against
  // the CA store of this service (NODE_EXTRA_CA_CERTS adds to it).
  const hint = found.code === 'TLS_ERROR'
    ? 'The token endpoint must present a certificate for its name from a CA this service ' +
      'trusts; check extra.token_url.'
    : found.hint;
  return { ...found, message: `Token endpoint (extra.token_url): ${found.message}`, hint,
    fields: URL_FIELDS };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? parsed as Record<string, unknown> : undefined;
  } catch {
    return undefined;
  }
}

/** application/x-www-form-urlencoded, as RFC 6749 2.3.1 asks for the Basic credentials. */
function formEncode(text: string): string {
  return new URLSearchParams({ v: text }).toString().slice(2);
}
