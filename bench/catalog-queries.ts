import { DATABASE_CONCURRENCY, mapBounded } from '../src/connectors/postgres/metadata.js';
import { CONNECTABLE_DATABASES_SQL, COUNT_TABLES_SQL, countTablesParams, DATABASES_SQL,
  SCHEMAS_SQL, SERVER_VERSION_SQL, TABLES_WITHOUT_SELECT_SQL, USABLE_SCHEMAS_SQL }
  from '../src/connectors/postgres/sql.js';
import type { BenchCredentials } from './environment.js';
import { withRawClient } from './raw-probe.js';

/**
 * The baselines of figure 3: the connector's own catalog SQL (exported from
 * src/connectors/postgres/sql.ts) run straight through `pg`, over the same connections
 * the service opens (one per database, as many at once), with no service code between.
 */

/** What `/metadata` with `type: "all"` does: databases, then each one's usable schemas. */
export async function directMetadataAll(credentials: BenchCredentials): Promise<number> {
  const databases = await withRawClient(credentials, credentials.database,
    async (client) => (await client.query<{ name: string }>(CONNECTABLE_DATABASES_SQL)).rows);
  const schemas = await mapBounded(databases, DATABASE_CONCURRENCY, (database) =>
    withRawClient(credentials, database.name,
      async (client) => (await client.query<{ name: string }>(USABLE_SCHEMAS_SQL)).rows));
  return schemas.reduce((sum, rows) => sum + rows.length, 0);
}

/**
 * What `/check` does for one included database with every schema: version and database
 * list on the login connection, the database's schemas, then the table count and the
 * tables without SELECT side by side. Returns the table count.
 */
export async function directCheck(credentials: BenchCredentials, database: string,
  tempTableRegex: string, limit: number): Promise<number> {
  await withRawClient(credentials, credentials.database, async (client) => {
    await client.query(SERVER_VERSION_SQL);
    await client.query(DATABASES_SQL);
  });
  const schemas = await withRawClient(credentials, database, async (client) =>
    (await client.query<{ name: string; usable: boolean }>(SCHEMAS_SQL)).rows);
  const names = schemas.map((schema) => schema.name);
  const usable = schemas.filter((schema) => schema.usable).map((schema) => schema.name);

  const [count] = await Promise.all([
    withRawClient(credentials, database, async (client) =>
      (await client.query<{ table_count: number }>(COUNT_TABLES_SQL,
        countTablesParams(names, tempTableRegex))).rows[0]?.table_count ?? 0),
    withRawClient(credentials, database, (client) => client.query(TABLES_WITHOUT_SELECT_SQL,
      [...countTablesParams(usable, tempTableRegex), limit])),
  ]);
  return count;
}
