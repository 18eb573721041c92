import type { RowDataPacket } from 'mysql2';

import type {
  MetadataEntry, MetadataRequest, OperationContext, Outcome,
} from '../../connector/connector.js';
import type { SqlCredentials } from '../../connector/sql-credentials.js';
import { isSourceFailureError } from '../../errors/source-failure.js';
import { withMysql } from './client.js';
import { queryMysql } from './query.js';
import { MYSQL_SYSTEM_DATABASES, SCHEMATA_SQL } from './sql.js';

export interface SchemataRow extends RowDataPacket {
  catalog_name: string;
  schema_name: string;
}

/**
 * The selection tree of a MySQL server. MySQL has one catalog (it reports it as `def`)
 * and calls its databases schemas, so every database becomes one row with
 * `TABLE_CATALOG` = that catalog and `TABLE_SCHEMA` = the database. Only the databases
 * the user can see are listed (MySQL hides the others unless SHOW DATABASES is granted).
 *
 * `type: "database"` answers the catalog(s). `type: "schema"` with `database` set to a
 * catalog answers its databases; with a database name it answers that one database, as
 * a front end that passes the connection's database expects.
 */
export async function fetchMysqlMetadata(
  credentials: SqlCredentials,
  request: MetadataRequest,
  context: OperationContext,
): Promise<Outcome<MetadataEntry[]>> {
  try {
    const rows = await withMysql(credentials, context, (connection) =>
      queryMysql<SchemataRow>(connection, SCHEMATA_SQL, MYSQL_SYSTEM_DATABASES, credentials,
        context));
    return { ok: true, value: selectionTree(rows, request) };
  } catch (error) {
    if (isSourceFailureError(error)) return { ok: false, failure: error.failure };
    throw error;
  }
}

/** Shapes the rows for the request's type; pure, so it is tested on its own. */
export function selectionTree(
  rows: readonly { catalog_name: string; schema_name: string }[],
  request: MetadataRequest,
): MetadataEntry[] {
  const entries = rows.map((row) => ({ TABLE_CATALOG: row.catalog_name,
    TABLE_SCHEMA: row.schema_name }));

  switch (request.type) {
    case 'database':
      return [...new Set(entries.map((entry) => entry.TABLE_CATALOG))]
        .map((catalog) => ({ TABLE_CATALOG: catalog }));
    case 'schema':
      return entries.filter((entry) => entry.TABLE_CATALOG === request.database ||
        entry.TABLE_SCHEMA === request.database);
    case 'all':
      return entries;
  }
}
