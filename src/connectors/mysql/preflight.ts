import type { Connection } from 'mysql2';

import type { OperationContext, PreflightReport } from '../../connector/connector.js';
import { runPreflight } from '../../connector/preflight-runner.js';
import type { SqlCredentials } from '../../connector/sql-credentials.js';
import type { ExtractionFilters } from '../../filters/index.js';
import { closeMysql, openMysql } from './client.js';
import { databaseSchemaCheck, permissionsCheck, tablesCheck, versionCheck } from
  './preflight-checks.js';

// Room for the connector's own connect deadline to fire, and be classified, before the
// runner's limit for the authentication check does.
const AUTH_SLACK_MS = 1_000;

/**
 * The five preflight checks on one MySQL session: authentication first, then the
 * database/schema, tables, version and permission checks concurrently on that session
 * (mysql2 runs its statements one after another on the wire). The session and its
 * connection slot are released on every path, also when a check ran out of time.
 */
export async function mysqlPreflight(
  credentials: SqlCredentials,
  filters: ExtractionFilters,
  context: OperationContext,
): Promise<PreflightReport> {
  let release: (() => void) | undefined;
  let session: Promise<Connection> | undefined;
  const connect = async () => {
    const { host, port, username } = credentials;
    release = await context.acquireConnection({ host, port, username });
    return openMysql(credentials, context);
  };

  try {
    return await runPreflight({
      timeoutMs: context.queryTimeoutMs,
      logger: context.logger,
      authentication: {
        name: 'authenticationCheck',
        timeoutMs: context.connectTimeoutMs + AUTH_SLACK_MS,
        run: async () => {
          session = connect();
          await session;
          return { success: true, message: `Logged in to MySQL at ${credentials.host}:` +
            `${credentials.port} as ${credentials.username}, database ${credentials.database}.` };
        },
      },
      session: [databaseSchemaCheck, tablesCheck, versionCheck, permissionsCheck]
        .map((check) => check(() => session!, credentials, filters, context)),
    });
  } finally {
    const connection = await session?.catch(() => undefined);
    if (connection) await closeMysql(connection);
    release?.();
  }
}
