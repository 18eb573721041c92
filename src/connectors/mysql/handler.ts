import type { AuthSuccess, OperationContext, Outcome } from '../../connector/connector.js';
import type { SqlCredentials } from '../../connector/sql-credentials.js';
import { isSourceFailureError } from '../../errors/source-failure.js';
import { withMysql } from './client.js';

/**
 * Logs in with the database as the default schema, then says goodbye. MySQL checks the
 * right to use that database during the login itself (errors 1044 and 1049), so no
 * statement is run and no data is touched.
 */
export async function testMysqlAuth(
  credentials: SqlCredentials,
  context: OperationContext,
): Promise<Outcome<AuthSuccess>> {
  try {
    await withMysql(credentials, context, async () => undefined);
    return { ok: true, value: { message: 'Authentication successful' } };
  } catch (error) {
    if (isSourceFailureError(error)) return { ok: false, failure: error.failure };
    throw error;
  }
}
