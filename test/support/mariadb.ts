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
