import type { Connector } from '../../connector/connector.js';
import { sqlCredentials, type SqlCredentials } from '../../connector/sql-credentials.js';
import type { ExtractionFilters } from '../../filters/extraction-filters.js';
import { testPostgresAuth } from './handler.js';
import { fetchPostgresMetadata } from './metadata.js';
import { postgresPreflight } from './preflight.js';

/** The built-in PostgreSQL connector, on node-postgres. */
export const postgresConnector: Connector<SqlCredentials, ExtractionFilters> = Object.freeze({
  name: 'postgres',
  displayName: 'PostgreSQL',
  credentials: sqlCredentials,
  testAuth: testPostgresAuth,
  fetchMetadata: fetchPostgresMetadata,
  preflight: postgresPreflight(),
});

export { postgresPreflight, type PostgresPreflightOptions } from './preflight.js';
