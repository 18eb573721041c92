import type pg from 'pg';

import type { MetadataEntry, MetadataRequest, OperationContext, Outcome } from
  '../../connector/connector.js';
import { secretValuesOf } from '../../connector/credential-spec.js';
import { sqlCredentials, type SqlCredentials } from '../../connector/sql-credentials.js';
import { isSourceFailureError, SourceFailureError } from '../../errors/source-failure.js';
import { classifyPostgresError } from './classify.js';
import { withPostgres } from './client.js';
import { CONNECTABLE_DATABASES_SQL, USABLE_SCHEMAS_SQL } from './sql.js';

/** Databases walked at once by `type: "all"`, one connection each. */
export const DATABASE_CONCURRENCY = 4;

/**
 * Lists what can be selected: the databases this user may connect to, the schemas of
 * one database, or every (database, schema) pair. Schemas the user has no USAGE on are
 * left out, as nothing in them could be extracted; system schemas are never listed.
 */
export async function fetchPostgresMetadata(
  credentials: SqlCredentials,
  request: MetadataRequest,
  context: OperationContext,
): Promise<Outcome<MetadataEntry[]>> {
  try {
    if (request.type === 'schema') {
      const database = request.database ?? credentials.database;
      const schemas = await usableSchemas(credentials, context, database);
      return { ok: true, value: schemas.map((schema) => entry(database, schema)) };
    }

    const databases = await withPostgres(credentials, context, (client) =>
      catalogQuery<{ name: string }>(client, credentials, context, CONNECTABLE_DATABASES_SQL));
    const names = databases.map((row) => row.name);
    if (request.type === 'database') {
      return { ok: true, value: names.map((name) => ({ TABLE_CATALOG: name })) };
    }

    const perDatabase = await mapBounded(names, DATABASE_CONCURRENCY, (database) =>
      schemasUnlessGone(credentials, context, database));
    return { ok: true, value: names.flatMap((database, index) =>
      (perDatabase[index] ?? []).map((schema) => entry(database, schema))) };
  } catch (error) {
    if (isSourceFailureError(error)) return { ok: false, failure: error.failure };
    throw error;
  }
}

/**
 * A database that was dropped after it was listed, or that pg_hba.conf keeps this
 * client out of although the CONNECT privilege allows it, has nothing to select: it is
 * left out with a log line instead of failing the whole listing.
 */
async function schemasUnlessGone(credentials: SqlCredentials, context: OperationContext,
  database: string): Promise<string[]> {
  try {
    return await usableSchemas(credentials, context, database);
  } catch (error) {
    const code = isSourceFailureError(error) ? error.failure.code : undefined;
    if (code !== 'DATABASE_NOT_FOUND' && code !== 'PERMISSION_DENIED') throw error;
    context.logger?.info({ database, outcome: code }, 'database left out of metadata');
    return [];
  }
}

async function usableSchemas(credentials: SqlCredentials, context: OperationContext,
  database: string): Promise<string[]> {
  const rows = await withPostgres(credentials, context, (client) =>
    catalogQuery<{ name: string }>(client, credentials, context, USABLE_SCHEMAS_SQL, [],
      database), { database });
  return rows.map((row) => row.name);
}

function entry(database: string, schema: string): MetadataEntry {
  return { TABLE_CATALOG: database, TABLE_SCHEMA: schema };
}

/**
 * Runs one catalog query, turning a failure (statement timeout, a server going away)
 * into a classified SourceFailureError like a failure to connect.
 */
export async function catalogQuery<R extends object>(
  client: pg.Client,
  credentials: SqlCredentials,
  context: OperationContext,
  text: string,
  values: unknown[] = [],
  database: string = credentials.database,
): Promise<R[]> {
  try {
    const result = await client.query(text, values);
    return result.rows as R[];
  } catch (error) {
    const target = { host: credentials.host, port: credentials.port,
      username: credentials.username, database, connectTimeoutMs: context.connectTimeoutMs,
      secrets: secretValuesOf(sqlCredentials.secretFields, credentials) };
    throw new SourceFailureError(classifyPostgresError(error, target, false));
  }
}

/** Maps `items` through `work` with at most `limit` calls in flight, keeping order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number,
  work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
