import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SqlCredentials } from '../src/connector/sql-credentials.js';
import { mysqlConnector } from '../src/connectors/mysql/index.js';
import { selectionTree } from '../src/connectors/mysql/metadata.js';
import {
  accountHost, directContext, mariadbAdmin, mysqlCredentialsFor, probeMariadb, suiteTitle,
  uniqueMysqlName,
} from './support/mariadb.js';

const probe = await probeMariadb();
const server = probe.available ? probe.server : undefined;

describe('selectionTree', () => {
  const rows = [{ catalog_name: 'def', schema_name: 'crm' },
    { catalog_name: 'def', schema_name: 'sales' }];

  it('answers one TABLE_CATALOG row per catalog for type database', () => {
    expect(selectionTree(rows, { type: 'database' })).toEqual([{ TABLE_CATALOG: 'def' }]);
  });

  it('answers the databases of a catalog, or one database by name, for type schema', () => {
    expect(selectionTree(rows, { type: 'schema', database: 'def' })).toHaveLength(2);
    expect(selectionTree(rows, { type: 'schema', database: 'sales' })).toEqual(
      [{ TABLE_CATALOG: 'def', TABLE_SCHEMA: 'sales' }]);
    expect(selectionTree(rows, { type: 'schema', database: 'nope' })).toEqual([]);
  });
});

describe.skipIf(!server)(suiteTitle('MySQL metadata against real MariaDB', probe), () => {
  const user = uniqueMysqlName('sg_meta');
  const sales = uniqueMysqlName('sg_sales');
  const crm = uniqueMysqlName('sg_crm');
  const hidden = uniqueMysqlName('sg_hidden');
  const password = 'Meta-Pass-1c9d';
  let admin: Connection;
  let account: string;
  let credentials: SqlCredentials;

  beforeAll(async () => {
    admin = await mariadbAdmin(server);
    account = accountHost(server!);
    for (const database of [sales, crm, hidden]) {
      await admin.query(`CREATE DATABASE \`${database}\``);
    }
    await admin.query(`CREATE USER '${user}'@'${account}' IDENTIFIED BY '${password}'`);
    await admin.query(`GRANT SELECT ON \`${sales}\`.* TO '${user}'@'${account}'`);
    await admin.query(`GRANT SELECT ON \`${crm}\`.* TO '${user}'@'${account}'`);
    credentials = mysqlCredentialsFor(server!, user, password, sales) as SqlCredentials;
  });

  afterAll(async () => {
    await admin.query(`DROP USER IF EXISTS '${user}'@'${account}'`);
    for (const database of [sales, crm, hidden]) {
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    }
    await admin.end();
  });

  it('lists each visible database as TABLE_SCHEMA under the catalog def', async () => {
    const outcome = await mysqlConnector.fetchMetadata!(credentials, { type: 'all' },
      directContext());
    expect(outcome).toEqual({ ok: true, value: [
      { TABLE_CATALOG: 'def', TABLE_SCHEMA: crm },
      { TABLE_CATALOG: 'def', TABLE_SCHEMA: sales },
    ].sort((a, b) => a.TABLE_SCHEMA.localeCompare(b.TABLE_SCHEMA)) });
  });

  it('leaves out mysql, information_schema, performance_schema and sys', async () => {
    const root = { ...credentials, username: server!.user, password: server!.password };
    const outcome = await mysqlConnector.fetchMetadata!(root, { type: 'all' }, directContext());
    if (!outcome.ok) throw new Error(outcome.failure.message);
    const names = outcome.value.map((entry) => entry.TABLE_SCHEMA);
    expect(names).toContain(hidden);
    for (const system of ['mysql', 'information_schema', 'performance_schema', 'sys']) {
      expect(names).not.toContain(system);
    }
  });

  it('answers the catalog for type database and one database for type schema', async () => {
    const databases = await mysqlConnector.fetchMetadata!(credentials, { type: 'database' },
      directContext());
    expect(databases).toEqual({ ok: true, value: [{ TABLE_CATALOG: 'def' }] });

    const schemas = await mysqlConnector.fetchMetadata!(credentials,
      { type: 'schema', database: crm }, directContext());
    expect(schemas).toEqual({ ok: true, value: [{ TABLE_CATALOG: 'def', TABLE_SCHEMA: crm }] });
  });

  it('returns the classified failure for a wrong password', async () => {
    const outcome = await mysqlConnector.fetchMetadata!({ ...credentials, password: 'nope' },
      { type: 'all' }, directContext());
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.failure.code).toBe('INVALID_CREDENTIALS');
  });
});
