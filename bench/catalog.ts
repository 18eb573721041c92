import type pg from 'pg';

import type { RunningPostgres } from '../demo/embedded-postgres.js';

/** The size of the generated catalog. */
export interface CatalogShape {
  readonly database: string;
  readonly schemas: number;
  readonly tablesPerSchema: number;
  readonly columnsPerTable: number;
}

/** 10,000 tables of 20 columns in 50 schemas, as issue 3 asks. */
export const BENCH_CATALOG: CatalogShape = Object.freeze({
  database: 'bench_catalog',
  schemas: 50,
  tablesPerSchema: 200,
  columnsPerTable: 20,
});

// Table creation is CPU-bound in the server's backends; a few sessions keep both cores busy
// even while one session waits on a round trip.
const PARALLEL_SESSIONS = 4;

/** `s00`, `s01`, ... : the generated schema names, zero-padded so they sort. */
export function schemaNames(shape: CatalogShape): string[] {
  return Array.from({ length: shape.schemas }, (_, i) => `s${String(i).padStart(2, '0')}`);
}

/**
 * Creates the catalog in a fresh database and lets `reader` use and read all of it. Each
 * schema is one server-side DO block, so the 10,000 CREATE TABLE statements cost no
 * round trips; schemas are spread over a few sessions. Returns the time it took.
 */
export async function generateCatalog(
  postgres: RunningPostgres,
  shape: CatalogShape,
  reader: string,
): Promise<number> {
  const started = Date.now();
  const admin = await postgres.admin();
  try {
    await admin.query(`CREATE DATABASE ${shape.database}`);
    await admin.query(`GRANT CONNECT ON DATABASE ${shape.database} TO ${reader}`);
  } finally {
    await admin.end();
  }

  const pending = schemaNames(shape);
  const session = async () => {
    const client = await postgres.admin(shape.database);
    try {
      for (let schema = pending.shift(); schema; schema = pending.shift()) {
        await createSchema(client, schema, shape, reader);
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_SESSIONS }, session));
  return Date.now() - started;
}

async function createSchema(client: pg.Client, schema: string, shape: CatalogShape,
  reader: string) {
  // Names and numbers here come from this module, never from input, so formatting them
  // into the statement is safe.
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`
    DO $$
    DECLARE
      columns text := (
        SELECT string_agg(format('c%s %s', i, (ARRAY['integer', 'text', 'timestamptz',
          'numeric'])[1 + i % 4]), ', ')
        FROM generate_series(1, ${shape.columnsPerTable}) AS i);
    BEGIN
      FOR t IN 1..${shape.tablesPerSchema} LOOP
        EXECUTE format('CREATE TABLE ${schema}.%I (%s)', 't' || lpad(t::text, 4, '0'), columns);
      END LOOP;
    END
    $$`);
  await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${reader}`);
  await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${reader}`);
}
