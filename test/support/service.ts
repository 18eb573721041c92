import { Writable } from 'node:stream';

import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { inject } from 'vitest';
import pg from 'pg';

import type { ServiceConfig } from '../../src/config.js';
import type { AnyConnector } from '../../src/connector/connector.js';
import { postgresConnector } from '../../src/connectors/postgres/index.js';
import type { HostResolver } from '../../src/net/resolver.js';
import { buildService } from '../../src/server/app.js';

/** Every log line the service wrote, as raw text, for asserting what never appears. */
export class CapturedLogs {
  readonly lines: string[] = [];
  readonly stream = new Writable({
    write: (chunk, _encoding, done) => {
      this.lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });

  text(): string {
    return this.lines.join('\n');
  }

  records(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export const TEST_CONFIG: ServiceConfig = Object.freeze({
  port: 0,
  host: '127.0.0.1',
  apiToken: undefined,
  allowUnauthenticated: false,
  connectTimeoutMs: 3_000,
  queryTimeoutMs: 10_000,
  connector: 'postgres',
  logLevel: 'debug',
});

export interface TestServiceOptions {
  connector?: AnyConnector;
  config?: Partial<ServiceConfig>;
  resolver?: HostResolver;
}

/** The service in-process, with logs captured; call `app.close()` when done. */
export async function testService(options: TestServiceOptions = {}) {
  const logs = new CapturedLogs();
  const config = { ...TEST_CONFIG, ...options.config };
  const app: FastifyInstance = await buildService({
    connector: options.connector ?? postgresConnector,
    config,
    logger: pino({ level: config.logLevel }, logs.stream),
    resolver: options.resolver ?? refuseDnsResolver,
  });
  await app.ready();
  return { app, logs };
}

/** Tests never ask the machine's DNS; a name a test did not expect is unknown. */
export const refuseDnsResolver: HostResolver = async (host) => {
  if (host === 'localhost') return ['127.0.0.1'];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

/** The shared embedded PostgreSQL of this run (see global-setup.ts). */
export function sharedPostgres() {
  return inject('postgres');
}

/** A superuser connection to the shared server; the caller ends it. */
export async function adminClient(database = 'postgres'): Promise<pg.Client> {
  const server = sharedPostgres();
  const client = new pg.Client({ host: server.host, port: server.port, user: server.superuser,
    password: server.password, database });
  await client.connect();
  return client;
}

let uniqueCounter = 0;
/** A name no other test file uses, for roles and databases (lower case, SQL-safe). */
export function uniqueName(prefix: string): string {
  uniqueCounter += 1;
  return `${prefix}_${process.pid}_${uniqueCounter}_${Date.now() % 100000}`;
}

/** Credentials for the shared server, as a caller would post them. */
export function credentialsFor(user: string, password: string, database: string,
  extra?: Record<string, unknown>) {
  const server = sharedPostgres();
  return {
    authType: 'basic', host: server.host, port: server.port, username: user, password,
    database, ...(extra ? { extra } : {}),
  };
}
