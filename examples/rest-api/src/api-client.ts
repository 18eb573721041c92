// In an app of your own this import reads: from 'sourcegate'.
import {
  Deadline, fetchClientCredentialsToken, type OperationContext, sourceFailure,
  SourceFailureError,
} from '../../../src/index.js';
import type { RestCredentials } from './credentials.js';
import { getJson, type JsonReply } from './http-get.js';

/** The fields a refused secret points at, per authType. */
const SECRET_FIELDS: Record<RestCredentials['authType'], string[]> = {
  basic: ['username', 'password'],
  token: ['token'],
  oauth: ['clientId', 'clientSecret'],
};

/** What `/resources` says: the API's name and version, and its resources. */
export interface ResourceList {
  readonly api: string;
  readonly version: string;
  readonly names: string[];
}

/** Reads `/resources`; an answer of another shape is a SOURCE_ERROR naming baseUrl. */
export async function listResources(credentials: RestCredentials,
  context: OperationContext): Promise<ResourceList> {
  const reply = await authorisedGet(credentials, 'resources', context);
  const { api, version, resources } = (reply.body ?? {}) as Record<string, unknown>;
  if (typeof api !== 'string' || !Array.isArray(resources)) {
    throw new SourceFailureError(sourceFailure('SOURCE_ERROR', {
      message: `${credentials.baseUrl}/resources did not answer a resource list.`,
      hint: 'Check that baseUrl is the root of the inventory API.', fields: ['baseUrl'] }));
  }

  const names = resources.map((resource) => (resource as { name?: unknown }).name)
    .filter((name): name is string => typeof name === 'string');
  return { api, version: typeof version === 'string' ? version : '', names };
}

/**
 * GETs `path` below baseUrl with the credentials. 401 means the API did not accept them
 * (INVALID_CREDENTIALS); 403 that it knows who is asking but will not show this path
 * (PERMISSION_DENIED).
 */
export async function authorisedGet(credentials: RestCredentials, path: string,
  context: OperationContext): Promise<JsonReply> {
  const deadline = new Deadline(context.connectTimeoutMs + context.queryTimeoutMs);
  const url = new URL(path, credentials.baseUrl.endsWith('/') ? credentials.baseUrl
    : `${credentials.baseUrl}/`);
  const reply = await getJson(url, await authorization(credentials, deadline, context), context,
    deadline);

  if (reply.status === 401) {
    throw new SourceFailureError(sourceFailure('INVALID_CREDENTIALS', {
      message: `The API at ${url.host} refused the ${credentials.authType} credentials ` +
        '(HTTP 401).',
      hint: credentials.authType === 'basic'
        ? `Check the password for user ${credentials.username}.`
        : 'Check that the token is current and issued for this API.',
      fields: SECRET_FIELDS[credentials.authType] }));
  }
  if (reply.status === 403) {
    throw new SourceFailureError(sourceFailure('PERMISSION_DENIED', {
      message: `The API at ${url.host} does not let these credentials read ${url.pathname}.`,
      hint: 'Ask the API owner to grant read access to it.',
      fields: SECRET_FIELDS[credentials.authType] }));
  }
  if (reply.status !== 200) {
    throw new SourceFailureError(sourceFailure('SOURCE_ERROR', {
      message: `The API at ${url.host} answered HTTP ${reply.status} for ${url.pathname}.`,
      hint: 'Check that baseUrl is the root of the inventory API.', fields: ['baseUrl'] }));
  }
  return reply;
}

async function authorization(credentials: RestCredentials, deadline: Deadline,
  context: OperationContext): Promise<string> {
  switch (credentials.authType) {
    case 'basic':
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`)
        .toString('base64')}`;
    case 'token':
      return `Bearer ${credentials.token}`;
    case 'oauth':
      return `Bearer ${await oauthToken(credentials, deadline, context)}`;
  }
}

/** The package's grant names the SQL connectors' `extra.*` fields; ours are top-level. */
async function oauthToken(credentials: RestCredentials, deadline: Deadline,
  context: OperationContext): Promise<string> {
  try {
    return await fetchClientCredentialsToken({ clientId: credentials.clientId!,
      clientSecret: credentials.clientSecret!, tokenUrl: credentials.tokenUrl!,
      scope: credentials.scope }, deadline, context);
  } catch (error) {
    if (!(error instanceof SourceFailureError)) throw error;
    const renamed = { 'extra.client_id': 'clientId', 'extra.client_secret': 'clientSecret',
      'extra.token_url': 'tokenUrl', 'extra.scope': 'scope' } as Record<string, string>;
    throw new SourceFailureError({ ...error.failure,
      fields: error.failure.fields.map((field) => renamed[field] ?? field) });
  }
}
