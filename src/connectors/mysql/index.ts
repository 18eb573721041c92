import type { Connector } from '../../connector/connector.js';
import type { SqlCredentials } from '../../connector/sql-credentials.js';
import { mysqlCredentials } from './credentials.js';
import { testMysqlAuth } from './handler.js';
import { fetchMysqlMetadata } from './metadata.js';

/** The built-in MySQL and MariaDB connector, on mysql2. */
export const mysqlConnector: Connector<SqlCredentials> = Object.freeze({
  name: 'mysql',
  displayName: 'MySQL',
  credentials: mysqlCredentials,
  testAuth: testMysqlAuth,
  fetchMetadata: fetchMysqlMetadata,
});
