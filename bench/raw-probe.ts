import pg from 'pg';

import type { BenchCredentials } from './environment.js';

/**
 * The physical limit of a credential test: the driver's own connect, authenticate,
 * `SELECT 1` and close, with the same credentials and TLS setting the service gets.
 */
export async function rawProbe(credentials: BenchCredentials): Promise<void> {
  const client = new pg.Client({
    host: credentials.host,
    port: credentials.port,
    user: credentials.username,
    password: credentials.password,
    database: credentials.database,
    ssl: false,
    connectionTimeoutMillis: 10_000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}
