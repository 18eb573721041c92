import { randomBytes } from 'node:crypto';

import { type RunningPostgres, startEmbeddedPostgres } from '../demo/embedded-postgres.js';

/** The credentials both the service and the baselines log in with. */
export interface BenchCredentials {
  readonly authType: 'basic';
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly database: string;
  /**
   * TLS off on both sides: the embedded server has no certificate, and `prefer` would make
   * the service try TLS first and fall back, a round trip the raw baseline never makes.
   */
  readonly extra: { readonly ssl_mode: 'disable' };
}

/** The benchmark's PostgreSQL and the credentials every figure uses. */
export interface BenchEnvironment {
  readonly postgres: RunningPostgres;
  readonly credentials: BenchCredentials;
  /** `server_version` of the embedded server. */
  readonly serverVersion: string;
  stop(): Promise<void>;
}

/** The login role: owns nothing, may connect, reads the catalog it is granted. */
export const BENCH_ROLE = 'bench_reader';
/** The database the credential tests open. */
export const BENCH_DATABASE = 'bench_auth';

// Room for 64 service connections, 64 baseline connections and the admin sessions.
// Durability is irrelevant to a throw-away catalog and only slows its generation.
const POSTGRES_FLAGS = ['-c', 'max_connections=200', '-c', 'fsync=off',
  '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off',
  '-c', 'max_locks_per_transaction=256'];

/**
 * Starts the benchmark's own PostgreSQL with a password (SCRAM) role that owns nothing
 * and a database it may connect to: the same work a real credential test does.
 */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const postgres = await startEmbeddedPostgres({ postgresFlags: POSTGRES_FLAGS });
  const password = randomBytes(12).toString('hex');

  let serverVersion: string;
  try {
    serverVersion = await prepareRole(postgres, password);
  } catch (error) {
    await postgres.stop();
    throw error;
  }

  return {
    postgres,
    credentials: {
      authType: 'basic',
      host: postgres.host,
      port: postgres.port,
      username: BENCH_ROLE,
      password,
      database: BENCH_DATABASE,
      extra: { ssl_mode: 'disable' },
    },
    serverVersion,
    stop: () => postgres.stop(),
  };
}

/** Creates the role and its database; answers the server's version. */
async function prepareRole(postgres: RunningPostgres, password: string): Promise<string> {
  const admin = await postgres.admin();
  try {
    const version = await admin.query<{ server_version: string }>('SHOW server_version');
    await admin.query(`CREATE ROLE ${BENCH_ROLE} LOGIN PASSWORD '${password}'`);
    await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
    await admin.query(`GRANT CONNECT ON DATABASE ${BENCH_DATABASE} TO ${BENCH_ROLE}`);
    return version.rows[0]?.server_version ?? 'unknown';
  } finally {
    await admin.end();
  }
}
