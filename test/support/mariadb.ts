import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import mysql from 'mysql2/promise';
import pino from 'pino';

import type { OperationContext } from '../../src/connector/connector.js';
import { type ContextSettings, operationContext } from '../../src/server/operation-context.js';
import { refuseDnsResolver } from './service.js';

/** Where the MariaDB/MySQL server for the tests is, overridable by environment. */
export interface MariadbServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function mariadbServer(env: NodeJS.ProcessEnv = process.env): MariadbServer {
  return {
    host: env.SOURCEGATE_TEST_MYSQL_HOST || '127.0.0.1',
    port: Number(env.SOURCEGATE_TEST_MYSQL_PORT || 3306),
    user: env.SOURCEGATE_TEST_MYSQL_USER || 'root',
    password: env.SOURCEGATE_TEST_MYSQL_PASSWORD ?? '',
  };
}

export type MariadbProbe =
  | { readonly available: true; readonly server: MariadbServer }
  | { readonly available: false; readonly reason: string };

/**
 * Looks for the server once per test file. With CI=true an unreachable server throws, so
 * the run fails instead of skipping; elsewhere the caller skips and says why.
 */
export async function probeMariadb(): Promise<MariadbProbe> {
  const server = mariadbServer();
  try {
    const connection = await mysql.createConnection({ ...server, connectTimeout: 3_000 });
    await connection.end();
    return { available: true, server };
  } catch (error) {
    const reason = `no MariaDB/MySQL at ${server.host}:${server.port} as ${server.user} ` +
      `(${(error as { code?: string }).code ?? String(error)}); set ` +
      'SOURCEGATE_TEST_MYSQL_HOST/PORT/USER/PASSWORD to point the tests at one';
    if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`, { cause: error });
    console.warn(`skipping MySQL tests: ${reason}`);
    return { available: false, reason };
  }
}

/** The title of a suite that may be skipped: the reason is part of it. */
export function suiteTitle(title: string, probe: MariadbProbe): string {
  return probe.available ? title : `${title} (skipped: ${probe.reason})`;
}

/** An administrator connection to the server; the caller ends it. */
export function mariadbAdmin(server: MariadbServer = mariadbServer()) {
  return mysql.createConnection({ ...server, connectTimeout: 5_000 });
}

let uniqueCounter = 0;
/** A user or database name no other test uses (lower case, at most 32 characters). */
export function uniqueMysqlName(prefix: string): string {
  uniqueCounter += 1;
  return `${prefix}_${process.pid % 100000}_${uniqueCounter}_${Date.now() % 10000}`
    .slice(0, 32);
}

/** Credentials for the server, as a caller would post them. */
export function mysqlCredentialsFor(server: MariadbServer, user: string, password: string,
  database: string, extra?: Record<string, unknown>) {
  return {
    authType: 'basic', host: server.host, port: server.port, username: user, password,
    database, ...(extra ? { extra } : {}),
  };
}

/**
 * The host part of the test accounts. Against the local server the connection comes
 * from 127.0.0.1 (it runs with skip_name_resolve); a remote server sees another address.
 */
export function accountHost(server: MariadbServer): string {
  return server.host === '127.0.0.1' || server.host === 'localhost' ? '127.0.0.1' : '%';
}

/** A request context as the service builds it, for calling a connector directly. */
export function directContext(overrides: Partial<ContextSettings> = {}): OperationContext {
  return operationContext({ connectTimeoutMs: 3_000, queryTimeoutMs: 10_000,
    resolver: refuseDnsResolver, ...overrides }, pino({ level: 'silent' }));
}

/** A MariaDB server of one test file's own, for settings the shared one must not change. */
export interface PrivateMariadb {
  readonly port: number;
  /** An administrator session over the Unix socket; the caller ends it. */
  admin(): Promise<mysql.Connection>;
  stop(): Promise<void>;
}

export interface PrivateMariadbOptions {
  /** PEM server certificate, key and CA: the server then offers TLS. */
  tls?: { certPem: string; keyPem: string; caPem: string };
}

/**
 * Starts a throw-away mariadbd from the machine's MariaDB binaries in a temporary
 * folder, listening on 127.0.0.1 and ::1 at a free port, with name resolution off.
 * Only root@localhost (the Unix socket) remains, so a TCP login finds no account
 * until the test creates one. Returns `{ unavailable }`, saying why, when the binaries are
 * missing (CI=true: throws).
 */
export async function startPrivateMariadb(options: PrivateMariadbOptions = {}):
  Promise<PrivateMariadb | { unavailable: string }> {
  const binaries = ['mariadbd', 'mariadb-install-db'].map((name) => whichSync(name));
  if (binaries.includes(undefined)) {
    const reason = 'mariadbd and mariadb-install-db are not installed';
    if (process.env.CI === 'true') throw new Error(`CI=true and ${reason}`);
    return { unavailable: reason };
  }

  const folder = await mkdtemp(join(tmpdir(), 'sourcegate-mariadb-'));
  const socketPath = join(folder, 'mysqld.sock');
  const asRoot = userInfo().uid === 0 ? ['--user=root'] : [];
  execFileSync('mariadb-install-db', ['--no-defaults', `--datadir=${join(folder, 'data')}`,
    ...asRoot, '--auth-root-authentication-method=normal', '--skip-test-db',
    '--skip-name-resolve'], { stdio: 'ignore' });

  const tlsArgs: string[] = [];
  if (options.tls) {
    for (const [name, pem] of [['cert', options.tls.certPem], ['key', options.tls.keyPem],
      ['ca', options.tls.caPem]] as const) {
      await writeFile(join(folder, `${name}.pem`), pem, { mode: 0o600 });
      tlsArgs.push(`--ssl-${name}=${join(folder, `${name}.pem`)}`);
    }
  }

  const port = await freePort();
  const server = spawn('mariadbd', ['--no-defaults', `--datadir=${join(folder, 'data')}`,
    ...asRoot, `--port=${port}`, '--bind-address=127.0.0.1,::1', `--socket=${socketPath}`,
    `--pid-file=${join(folder, 'mysqld.pid')}`, `--log-error=${join(folder, 'error.log')}`,
    '--skip-name-resolve', '--skip-log-bin', '--innodb-buffer-pool-size=16M',
    '--max-connections=30', ...tlsArgs], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));

  const admin = () => mysql.createConnection({ socketPath, user: 'root', connectTimeout: 2_000 });
  const stop = async () => {
    server.kill('SIGTERM');
    await Promise.race([exited, delay(15_000)]);
    if (server.exitCode === null) server.kill('SIGKILL');
    await rm(folder, { recursive: true, force: true });
  };

  try {
    await waitUntil(async () => (await admin()).end(), 30_000);
    const session = await admin();
    await session.query("DELETE FROM mysql.global_priv WHERE Host <> 'localhost'");
    await session.query('FLUSH PRIVILEGES');
    await session.end();
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, admin, stop };
}

function whichSync(name: string): string | undefined {
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  await new Promise((resolve) => listener.close(resolve));
  return port;
}

async function waitUntil(attempt: () => Promise<unknown>, timeoutMs: number) {
  const started = Date.now();
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await delay(200);
    }
  }
}
