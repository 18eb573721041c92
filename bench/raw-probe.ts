import pg from 'pg';

import type { BenchCredentials } from './environment.js';

/** A connected plain driver client with the benchmark's credentials; the caller ends it. */
export async function rawClient(credentials: BenchCredentials,
  database = credentials.database): Promise<pg.Client> {
  const client = new pg.Client({
    host: credentials.host,
    port: credentials.port,
    user: credentials.username,
    password: credentials.password,
    database,
    ssl: false,
    connectionTimeoutMillis: 10_000,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Runs `work` on a fresh raw connection and ends it. */
export async function withRawClient<T>(credentials: BenchCredentials, database: string,
  work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await rawClient(credentials, database);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The physical limit of a credential test: the driver's own connect, authenticate,
 * `SELECT 1` and close, with the same credentials and TLS setting the service gets.
 */
export async function rawProbe(credentials: BenchCredentials): Promise<void> {
  await withRawClient(credentials, credentials.database, (client) => client.query('SELECT 1'));
}
