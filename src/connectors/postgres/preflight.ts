import type { OperationContext, PreflightReport } from '../../connector/connector.js';
import { type CheckResult, runPreflight } from '../../connector/preflight-runner.js';
import type { SqlCredentials } from '../../connector/sql-credentials.js';
import { sourceFailure } from '../../errors/source-failure.js';
import type { ExtractionFilters } from '../../filters/extraction-filters.js';
import { PostgresCatalog, type ServerFacts } from './catalog-reader.js';
import { checkDatabasesAndSchemas, checkPermissions } from './preflight-checks.js';

export interface PostgresPreflightOptions {
  /**
   * The oldest server version the connector supports, as "major" or "major.minor".
   * The catalog queries need `pg_class.relispartition`, which PostgreSQL 10 added.
   * @default '10'
   */
  readonly minimumServerVersion?: string;
}

const FILTER_FIELDS = ['metadata.include-filter', 'metadata.exclude-filter',
  'metadata.temp-table-regex'];

/**
 * Builds the PostgreSQL preflight handler. Authentication runs first on the named
 * database and also reads the server version and the database list; the other four
 * checks then run concurrently, each opening one connection per selected database.
 *
 * @example
 * const connector = { ...postgresConnector,
 *   preflight: postgresPreflight({ minimumServerVersion: '14' }) };
 */
export function postgresPreflight(options: PostgresPreflightOptions = {}) {
  const minimumText = options.minimumServerVersion ?? '10';
  const minimum = versionNumber(minimumText);

  return async function preflightPostgres(
    credentials: SqlCredentials,
    filters: ExtractionFilters,
    context: OperationContext,
  ): Promise<PreflightReport> {
    const catalog = new PostgresCatalog(credentials, context);
    // Set by the authentication check; the runner starts the session checks only after
    // it succeeded, so they always find it.
    let server: ServerFacts | undefined;
    const facts = () => server as ServerFacts;
    const { host, port, username, database } = credentials;

    return runPreflight({
      timeoutMs: context.queryTimeoutMs,
      logger: context.logger,
      authentication: {
        name: 'authenticationCheck',
        timeoutMs: context.connectTimeoutMs + context.queryTimeoutMs,
        run: async () => {
          server = await catalog.serverFacts();
          return { success: true, message: `Logged in as "${username}" to database ` +
            `"${database}" at ${host}:${port}` };
        },
      },
      session: [
        { name: 'databaseSchemaCheck',
          run: () => checkDatabasesAndSchemas(catalog, facts(), filters) },
        { name: 'tablesCheck', run: () => checkTables(catalog, facts(), filters) },
        { name: 'versionCheck', run: async () => checkVersion(facts(), minimum, minimumText) },
        { name: 'permissionsCheck',
          run: () => checkPermissions(catalog, facts(), filters, username) },
      ],
    });
  };
}

async function checkTables(catalog: PostgresCatalog, server: ServerFacts,
  filters: ExtractionFilters): Promise<CheckResult> {
  const tableCount = await catalog.countSelectedTables(server, filters);
  if (tableCount > 0) {
    const noun = tableCount === 1 ? 'table or view matches' : 'tables and views match';
    return { success: true, message: `${tableCount} ${noun} the filters`,
      details: { tableCount } };
  }

  return { success: false, details: { tableCount }, failure: sourceFailure('SOURCE_ERROR', {
    message: 'No table or view matches the filters.',
    hint: 'The filters select nothing to extract: compare include-filter, exclude-filter ' +
      'and temp-table-regex with what /metadata lists (regexes are case-sensitive and ' +
      'match anywhere in a name unless anchored with ^ and $).',
    fields: FILTER_FIELDS,
  }) };
}

function checkVersion(server: ServerFacts, minimum: number, minimumText: string): CheckResult {
  const details = { serverVersion: server.version, minimumVersion: minimumText };
  if (server.versionNum >= minimum) {
    return { success: true, details,
      message: `PostgreSQL ${server.version} meets the minimum version ${minimumText}` };
  }
  return { success: false, details, failure: sourceFailure('SOURCE_ERROR', {
    message: `PostgreSQL ${server.version} is older than the minimum version ${minimumText}.`,
    hint: `Upgrade the server to PostgreSQL ${minimumText} or later.`,
    fields: [],
  }) };
}

/**
 * "14.2" as PostgreSQL's server_version_num (140002). Since version 10 the number is
 * major * 10000 + minor.
 */
export function versionNumber(text: string): number {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new TypeError(`minimumServerVersion "${text}" is not like "14" or "14.2"`);
  return Number(match[1]) * 10_000 + Number(match[2] ?? 0);
}
