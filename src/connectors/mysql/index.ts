import type { Connector } from '../../connector/connector.js';
import type { SqlCredentials } from '../../connector/sql-credentials.js';
import type { ExtractionFilters } from '../../filters/index.js';
import { mysqlCredentials } from './credentials.js';
import { testMysqlAuth } from './handler.js';
import { fetchMysqlMetadata } from './metadata.js';
import { mysqlPreflight } from './preflight.js';

/** The built-in MySQL and MariaDB connector, on mysql2. */
export const mysqlConnector: Connector<SqlCredentials, ExtractionFilters> = Object.freeze({
  name: 'mysql',
  displayName: 'MySQL',
  credentials: mysqlCredentials,
  testAuth: testMysqlAuth,
  fetchMetadata: fetchMysqlMetadata,
  preflight: mysqlPreflight,
});
