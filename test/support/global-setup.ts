import 'vitest';
import type { TestProject } from 'vitest/node';

import { startEmbeddedPostgres } from '../../demo/embedded-postgres.js';
import { buildIfStale } from './build-once.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { host: string; port: number; superuser: string; password: string };
  }
}

/**
 * One embedded PostgreSQL for the whole run; test files create their own roles and
 * databases in it. If it cannot start, the run fails: nothing here is ever skipped.
 */
export default async function setup(project: TestProject) {
  const [server] = await Promise.all([startEmbeddedPostgres(), buildIfStale()]);
  project.provide('postgres', {
    host: server.host,
    port: server.port,
    superuser: server.superuser,
    password: server.password,
  });
  return async () => server.stop();
}
