import type { OperationContext } from '../connector/connector.js';
import { sourceFailure, SourceFailureError } from '../errors/source-failure.js';
import { type Deadline, DeadlineExceededError } from '../net/deadline.js';

export interface ClientCredentialsGrant {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  scope?: string;
}

const TOKEN_FIELDS = ['extra.client_id', 'extra.client_secret'];

/**
 * Fetches an access token with the OAuth 2.0 client-credentials grant (RFC 6749, 4.4),
 * under the request's deadline. The client authenticates with HTTP Basic (2.3.1). Every
 * failure comes back as a SourceFailureError that names the extra fields involved.
 */
export async function fetchClientCredentialsToken(
  grant: ClientCredentialsGrant,
  deadline: Deadline,
  context: Pick<OperationContext, 'resolveTarget'>,
): Promise<string> {
  const url = new URL(grant.tokenUrl);
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  await context.resolveTarget(url.hostname, port);

  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (grant.scope) form.set('scope', grant.scope);
  const basic = Buffer.from(
    `${encodeURIComponent(grant.clientId)}:${encodeURIComponent(grant.clientSecret)}`,
  ).toString('base64');

  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'error',
      signal: AbortSignal.timeout(deadline.remainingMs()),
    });
  } catch (error) {
    throw unreachable(url, error);
  }

  const body = await readJson(response, url, deadline);
  if (response.status === 400 || response.status === 401) {
    throw new SourceFailureError(sourceFailure('INVALID_CREDENTIALS', {
      message: `The token endpoint ${url.host} refused client "${grant.clientId}" ` +
        `(${describeOAuthError(body)}).`,
      fields: TOKEN_FIELDS,
      hint: 'Check extra.client_id and extra.client_secret, and the scope the client may ask for.',
    }));
  }

  const token = typeof body?.access_token === 'string' ? body.access_token : undefined;
  if (!response.ok || !token) {
    throw new SourceFailureError(sourceFailure('SOURCE_ERROR', {
      message: `The token endpoint ${url.host} answered HTTP ${response.status} without an ` +
        'access token.',
      fields: ['extra.token_url'],
      hint: 'Check that extra.token_url is the OAuth token endpoint of the identity provider.',
    }));
  }
  return token;
}

async function readJson(response: Response, url: URL, deadline: Deadline) {
  try {
    const text = await response.text();
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed as Record<string, unknown> : {};
  } catch {
    if (deadline.expired()) throw unreachable(url, new DeadlineExceededError(url.host));
    return undefined;
  }
}

/** The RFC 6749 `error` code is safe to show; `error_description` may quote input. */
function describeOAuthError(body: Record<string, unknown> | undefined): string {
  const code = body?.error;
  return typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : 'no error code';
}

function unreachable(url: URL, error: unknown): SourceFailureError {
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code ?? '';
  const name = (error as { name?: string }).name;

  if (name === 'TimeoutError' || name === 'AbortError' || error instanceof DeadlineExceededError) {
    return new SourceFailureError(sourceFailure('CONNECTION_TIMEOUT', {
      message: `The token endpoint ${url.host} did not answer before the deadline.`,
      fields: ['extra.token_url'], cause: error,
    }));
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new SourceFailureError(sourceFailure('HOST_NOT_FOUND', {
      message: `The token endpoint host ${url.hostname} does not resolve.`,
      fields: ['extra.token_url'], cause: error,
    }));
  }
  if (code === 'ECONNREFUSED') {
    return new SourceFailureError(sourceFailure('CONNECTION_REFUSED', {
      message: `Nothing accepts connections at the token endpoint ${url.host}.`,
      fields: ['extra.token_url'], cause: error,
    }));
  }
  return new SourceFailureError(sourceFailure('SOURCE_ERROR', {
    message: `The token endpoint ${url.host} could not be reached (${code || 'network error'}).`,
    fields: ['extra.token_url'], cause: error,
  }));
}
