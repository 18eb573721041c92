import type pg from 'pg';

import { adminClient, credentialsFor, uniqueName } from './service.js';

/**
 * A small real catalog on the shared server for the metadata and check tests: two
 * databases the reader may use, one it may not connect to, a template and one with
 * connections turned off; in the first, a schema without USAGE, a table without
 * SELECT, a view, a materialized view, a partitioned table with two partitions, a
 * foreign table and a `tmp_` table; and an open session holding a temporary table, so
 * that `pg_temp_N` and `pg_toast_temp_N` exist while the tests run.
 */
export class PostgresCatalogFixture {
  readonly role = uniqueName('cat_reader');
  readonly password = 'Catalog-Reader-7d1e';
  readonly main = uniqueName('cat_main');
  readonly second = uniqueName('cat_second');
  readonly noConnect = uniqueName('cat_noconn');
  readonly template = uniqueName('cat_tmpl');
  readonly closed = uniqueName('cat_closed');
  #admin?: pg.Client;
  #tempSession?: pg.Client;

  /** Relations a run of `main`.sales extracts: 7, one of them `tmp_load`. */
  static readonly SALES_RELATIONS = 7;

  async create(): Promise<void> {
    const admin = this.#admin = await adminClient();
    await admin.query(`CREATE ROLE ${this.role} LOGIN PASSWORD '${this.password}'`);
    for (const name of [this.main, this.second, this.noConnect, this.template, this.closed]) {
      await admin.query(`CREATE DATABASE ${name}`);
    }
    await admin.query(`REVOKE CONNECT ON DATABASE ${this.noConnect} FROM PUBLIC`);
    await admin.query(`ALTER DATABASE ${this.template} IS_TEMPLATE true`);
    await admin.query(`ALTER DATABASE ${this.closed} ALLOW_CONNECTIONS false`);

    await this.#inDatabase(this.main, [
      'CREATE SCHEMA sales', 'CREATE SCHEMA private',
      `GRANT USAGE ON SCHEMA sales TO ${this.role}`,
      'CREATE TABLE sales.orders (id int, at date)',
      'CREATE VIEW sales.v_orders AS SELECT * FROM sales.orders',
      'CREATE MATERIALIZED VIEW sales.m_orders AS SELECT * FROM sales.orders',
      'CREATE TABLE sales.events (id int, at date) PARTITION BY RANGE (at)',
      "CREATE TABLE sales.events_2025 PARTITION OF sales.events FOR VALUES FROM ('2025-01-01') " +
        "TO ('2026-01-01')",
      "CREATE TABLE sales.events_2026 PARTITION OF sales.events FOR VALUES FROM ('2026-01-01') " +
        "TO ('2027-01-01')",
      // A wrapper without a handler: enough for a foreign table to exist in the catalog.
      'CREATE FOREIGN DATA WRAPPER cat_fdw',
      'CREATE SERVER cat_server FOREIGN DATA WRAPPER cat_fdw',
      'CREATE FOREIGN TABLE sales.remote_orders (id int) SERVER cat_server',
      'CREATE TABLE sales.tmp_load (id int)',
      'CREATE TABLE sales.secret (id int)',
      'GRANT SELECT ON sales.orders, sales.v_orders, sales.m_orders, sales.events, ' +
        `sales.remote_orders, sales.tmp_load TO ${this.role}`,
      'CREATE TABLE private.hidden (id int)',
      'CREATE TABLE public.notes (id int)', `GRANT SELECT ON public.notes TO ${this.role}`,
    ]);
    await this.#inDatabase(this.second, [
      'CREATE SCHEMA crm', `GRANT USAGE ON SCHEMA crm TO ${this.role}`,
      'CREATE TABLE crm.customers (id int)', 'CREATE VIEW crm.v_customers AS SELECT 1 AS id',
      `GRANT SELECT ON ALL TABLES IN SCHEMA crm TO ${this.role}`,
    ]);

    this.#tempSession = await adminClient(this.main);
    await this.#tempSession.query('CREATE TEMP TABLE tmp_session (id int, note text)');
  }

  credentials(database = this.main, password = this.password) {
    return credentialsFor(this.role, password, database);
  }

  /** Sessions the reader still has open, to prove every connection was closed. */
  async openSessions(): Promise<number> {
    const result = await this.#admin!.query(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1', [this.role]);
    return result.rows[0].n as number;
  }

  async drop(): Promise<void> {
    await this.#tempSession?.end();
    const admin = this.#admin;
    if (!admin) return;
    await admin.query(`ALTER DATABASE ${this.template} IS_TEMPLATE false`);
    for (const name of [this.main, this.second, this.noConnect, this.template, this.closed]) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    await admin.query(`DROP ROLE IF EXISTS ${this.role}`);
    await admin.end();
  }

  async #inDatabase(database: string, statements: string[]) {
    const client = await adminClient(database);
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  }
}

/** Waits until the reader has no session left, or gives up and returns the count. */
export async function sessionsAfterSettling(fixture: PostgresCatalogFixture): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const open = await fixture.openSessions();
    if (open === 0) return 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return fixture.openSessions();
}
