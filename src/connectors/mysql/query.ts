import type { Connection, RowDataPacket } from 'mysql2';

import type { OperationContext } from '../../connector/connector.js';
import { secretValuesOf } from '../../connector/credential-spec.js';
import type { SqlCredentials } from '../../connector/sql-credentials.js';
import { sourceFailure, SourceFailureError } from '../../errors/source-failure.js';
import { classifyMysqlError } from './classify.js';
import { mysqlCredentials } from './credentials.js';

/**
 * Runs one read-only catalog statement under the query time limit. mysql2 destroys the
 * connection when the limit passes, so a stuck statement cannot hold the server busy
 * after the answer has gone out. Failures come back as a SourceFailureError.
 */
export async function queryMysql<R extends RowDataPacket>(
  connection: Connection,
  sql: string,
  values: readonly (string | number)[],
  credentials: SqlCredentials,
  context: Pick<OperationContext, 'queryTimeoutMs' | 'connectTimeoutMs'>,
): Promise<R[]> {
  try {
    const [rows] = await connection.promise().query<R[]>(
      { sql, timeout: context.queryTimeoutMs }, [...values]);
    return rows;
  } catch (error) {
    throw new SourceFailureError(classifyQueryError(error, credentials, context));
  }
}

function classifyQueryError(
  error: unknown,
  credentials: SqlCredentials,
  context: Pick<OperationContext, 'queryTimeoutMs' | 'connectTimeoutMs'>,
) {
  const { host, port, username, database } = credentials;
  if ((error as { code?: unknown }).code === 'PROTOCOL_SEQUENCE_TIMEOUT') {
    return sourceFailure('SOURCE_ERROR', {
      message: `MySQL at ${host}:${port} did not finish a catalog query within ` +
        `${context.queryTimeoutMs} ms.`,
      hint: 'The server is busy or the catalog is very large; try again, or raise ' +
        'SOURCEGATE_QUERY_TIMEOUT_MS.',
      fields: [], cause: error,
    });
  }
  return classifyMysqlError(error, {
    host, port, username, database,
    connectTimeoutMs: context.connectTimeoutMs,
    secrets: secretValuesOf(mysqlCredentials.secretFields, credentials),
  }, false);
}
