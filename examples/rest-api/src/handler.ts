// In an app of your own this import reads: from 'sourcegate'.
import {
  type AuthSuccess, Deadline, fetchClientCredentialsToken, type MetadataEntry,
  type MetadataRequest, type OperationContext, type Outcome, sourceFailure, type SourceFailure,
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

/** Reads `/me` with the credentials: the API's own "who am I", which touches no data. */
export async function testRestAuth(
  credentials: RestCredentials,
  context: OperationContext,
): Promise<Outcome<AuthSuccess>> {
  return outcomeOf(async () => {
    await authorisedGet(credentials, 'me', context);
    return { message: 'Authentication successful' };
  });
}

/**
 * The resources the API offers, as selection-tree rows: the API's name is the catalog
 * and each resource one schema, so a front end shows them like any database.
 */
export async function fetchRestMetadata(
  credentials: RestCredentials,
  request: MetadataRequest,
  context: OperationContext,
): Promise<Outcome<MetadataEntry[]>> {
  return outcomeOf(async () => {
    const reply = await authorisedGet(credentials, 'resources', context);
    const { api, resources } = reply.body as { api?: unknown; resources?: unknown };
    if (typeof api !== 'string' || !Array.isArray(resources)) {
      throw new SourceFailureError(sourceFailure('SOURCE_ERROR', {
        message: `${credentials.baseUrl}/resources did not answer a resource list.`,
        hint: 'Check that baseUrl is the root of the inventory API.', fields: ['baseUrl'] }));
    }

    const names = resources.map((resource) => (resource as { name?: unknown }).name)
      .filter((name): name is string => typeof name === 'string');
    if (request.type === 'database') return [{ TABLE_CATALOG: api }];
    if (request.type === 'schema' && request.database !== api) return [];
    return names.map((name) => ({ TABLE_CATALOG: api, TABLE_SCHEMA: name }));
  });
}

/** GETs `path` below baseUrl with the credentials; a refusal is INVALID_CREDENTIALS. */
async function authorisedGet(credentials: RestCredentials, path: string,
  context: OperationContext): Promise<JsonReply> {
  const deadline = new Deadline(context.connectTimeoutMs + context.queryTimeoutMs);
  const url = new URL(path, credentials.baseUrl.endsWith('/') ? credentials.baseUrl
    : `${credentials.baseUrl}/`);
  const reply = await getJson(url, await authorization(credentials, deadline, context), context,
    deadline);

  if (reply.status === 401 || reply.status === 403) {
    throw new SourceFailureError(sourceFailure('INVALID_CREDENTIALS', {
      message: `The API at ${url.host} refused the ${credentials.authType} credentials ` +
        `(HTTP ${reply.status}).`,
      hint: credentials.authType === 'basic'
        ? `Check the password for user ${credentials.username}.`
        : 'Check that the token is current and allowed to read this API.',
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

/** Handlers answer with values: a classified failure is an outcome, not an exception. */
async function outcomeOf<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof SourceFailureError) {
      return { ok: false, failure: error.failure as SourceFailure };
    }
    throw error;
  }
}
