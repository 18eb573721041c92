import type { Connector } from '../../connector/connector.js';
import { sqlCredentials, type SqlCredentials } from '../../connector/sql-credentials.js';
import { testPostgresAuth } from './handler.js';

/** The built-in PostgreSQL connector, on node-postgres. */
export const postgresConnector: Connector<SqlCredentials> = Object.freeze({
  name: 'postgres',
  displayName: 'PostgreSQL',
  credentials: sqlCredentials,
  testAuth: testPostgresAuth,
});
