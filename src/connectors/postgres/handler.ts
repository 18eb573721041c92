import type { AuthSuccess, OperationContext, Outcome } from '../../connector/connector.js';
import type { SqlCredentials } from '../../connector/sql-credentials.js';
import { isSourceFailureError } from '../../errors/source-failure.js';
import { withPostgres } from './client.js';

/**
 * Logs in and opens the named database, then says goodbye. Opening the database is
 * what proves the CONNECT privilege; no statement is run, so no data is touched.
 */
export async function testPostgresAuth(
  credentials: SqlCredentials,
  context: OperationContext,
): Promise<Outcome<AuthSuccess>> {
  try {
    await withPostgres(credentials, context, async () => undefined);
    return { ok: true, value: { message: 'Authentication successful' } };
  } catch (error) {
    if (isSourceFailureError(error)) return { ok: false, failure: error.failure };
    throw error;
  }
}
