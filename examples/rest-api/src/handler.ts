// In an app of your own this import reads: from 'sourcegate'.
import {
  type AuthSuccess, type MetadataEntry, type MetadataRequest, type OperationContext,
  type Outcome, type SourceFailure, SourceFailureError,
} from '../../../src/index.js';
import { authorisedGet, listResources } from './api-client.js';
import type { RestCredentials } from './credentials.js';

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
    const { api, names } = await listResources(credentials, context);
    if (request.type === 'database') return [{ TABLE_CATALOG: api }];
    if (request.type === 'schema' && request.database !== api) return [];
    return names.map((name) => ({ TABLE_CATALOG: api, TABLE_SCHEMA: name }));
  });
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
