import type { OperationContext } from '../../connector/connector.js';
import type { SqlCredentials } from '../../connector/sql-credentials.js';
import { isSourceFailureError } from '../../errors/source-failure.js';
import { type ExtractionFilters, selectsDatabase, selectsSchema } from
  '../../filters/extraction-filters.js';
import { withPostgres } from './client.js';
import { catalogQuery, DATABASE_CONCURRENCY, mapBounded } from './metadata.js';
import { COUNT_TABLES_SQL, countTablesParams, DATABASES_SQL, SCHEMAS_SQL, SERVER_VERSION_SQL,
  TABLES_WITHOUT_SELECT_SQL } from './sql.js';

export interface DatabaseRow { name: string; connectable: boolean }
export interface SchemaRow { name: string; usable: boolean }

/** What the authentication check learns on its one connection. */
export interface ServerFacts {
  readonly version: string;
  readonly versionNum: number;
  /** Every non-template database, with whether this user may connect to it. */
  readonly databases: readonly DatabaseRow[];
}

/** The schemas of one database that the filters select. */
export interface SelectedSchemas {
  readonly database: string;
  readonly schemas: readonly SchemaRow[];
}

/**
 * Reads the catalog for one preflight request. Schema lists are fetched once per
 * database and shared by the checks that need them; each read uses its own connection,
 * closed when the read is done. Database and schema names are few and are matched
 * against the filters here, with JavaScript regex semantics; relations may be many and
 * are filtered and counted by the server.
 */
export class PostgresCatalog {
  readonly #credentials: SqlCredentials;
  readonly #context: OperationContext;
  readonly #schemas = new Map<string, Promise<SchemaRow[]>>();

  constructor(credentials: SqlCredentials, context: OperationContext) {
    this.#credentials = credentials;
    this.#context = context;
  }

  /** Logs in to the named database and reads the version and the database list. */
  async serverFacts(): Promise<ServerFacts> {
    return withPostgres(this.#credentials, this.#context, async (client) => {
      const [version] = await this.#query<{ version: string; version_num: number }>(client,
        SERVER_VERSION_SQL);
      const databases = await this.#query<DatabaseRow>(client, DATABASES_SQL);
      return { version: version!.version, versionNum: version!.version_num, databases };
    });
  }

  /** Every user schema of `database`, with USAGE; read once per request. */
  schemasOf(database: string): Promise<SchemaRow[]> {
    let schemas = this.#schemas.get(database);
    if (!schemas) {
      schemas = this.#inDatabase(database, (query) => query<SchemaRow>(SCHEMAS_SQL));
      this.#schemas.set(database, schemas);
    }
    return schemas;
  }

  /**
   * The selected schemas of every selected database this user may connect to. An
   * empty include filter stands for what /metadata lists, so it takes only the schemas
   * this user may use; include rules also take the others, for permissionsCheck to name.
   */
  async selectedSchemas(server: ServerFacts,
    filters: ExtractionFilters): Promise<SelectedSchemas[]> {
    const everything = filters.include.length === 0;
    const databases = server.databases
      .filter((row) => row.connectable && selectsDatabase(filters, row.name))
      .map((row) => row.name);
    return mapBounded(databases, DATABASE_CONCURRENCY, async (database) => ({
      database,
      schemas: (await this.#schemasUnlessDropped(database)).filter((schema) =>
        (schema.usable || !everything) && selectsSchema(filters, database, schema.name)),
    }));
  }

  /** How many relations a run with these filters would extract, summed by the server. */
  async countSelectedTables(server: ServerFacts, filters: ExtractionFilters): Promise<number> {
    const selected = (await this.selectedSchemas(server, filters))
      .filter((entry) => entry.schemas.length > 0);
    const counts = await mapBounded(selected, DATABASE_CONCURRENCY, (entry) =>
      unlessDropped(this.#inDatabase(entry.database, async (query) => {
        const names = entry.schemas.map((schema) => schema.name);
        const [row] = await query<{ table_count: number }>(COUNT_TABLES_SQL,
          countTablesParams(names, filters.tempTable?.source));
        return row?.table_count ?? 0;
      }), 0));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /** Up to `limit` selected relations without SELECT in `entry`, and their total. */
  async tablesWithoutSelect(entry: SelectedSchemas, filters: ExtractionFilters,
    limit: number): Promise<{ names: string[]; total: number }> {
    const names = entry.schemas.filter((schema) => schema.usable).map((schema) => schema.name);
    if (names.length === 0) return { names: [], total: 0 };

    const rows = await unlessDropped(this.#inDatabase(entry.database, (query) =>
      query<{ schema_name: string; table_name: string; total: number }>(
        TABLES_WITHOUT_SELECT_SQL,
        [...countTablesParams(names, filters.tempTable?.source), limit])), []);
    return {
      names: rows.map((row) => `${entry.database}.${row.schema_name}.${row.table_name}`),
      total: rows[0]?.total ?? 0,
    };
  }

  #schemasUnlessDropped(database: string): Promise<SchemaRow[]> {
    return unlessDropped(this.schemasOf(database), []);
  }

  #inDatabase<T>(database: string,
    work: (query: <R extends object>(text: string, values?: unknown[]) => Promise<R[]>)
      => Promise<T>): Promise<T> {
    return withPostgres(this.#credentials, this.#context, (client) =>
      work((text, values) => catalogQuery(client, this.#credentials, this.#context, text,
        values, database)), { database });
  }

  #query<R extends object>(client: Parameters<typeof catalogQuery>[0], text: string) {
    return catalogQuery<R>(client, this.#credentials, this.#context, text);
  }
}

/** A database dropped since the list was read has nothing left to extract. */
async function unlessDropped<T>(work: Promise<T>, nothing: T): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isSourceFailureError(error) && error.failure.code === 'DATABASE_NOT_FOUND') return nothing;
    throw error;
  }
}
