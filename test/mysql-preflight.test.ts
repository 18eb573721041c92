import type { Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SqlCredentials } from '../src/connector/sql-credentials.js';
import { selectGrantsOf, grantPatternMatches, schemasWithoutSelect } from
  '../src/connectors/mysql/grants.js';
import { mysqlConnector } from '../src/connectors/mysql/index.js';
import { parseMysqlVersion, isSupportedVersion } from '../src/connectors/mysql/version.js';
import { parseFilters } from '../src/filters/index.js';
import {
  accountHost, directContext, mariadbAdmin, mysqlCredentialsFor, probeMariadb, suiteTitle,
  uniqueMysqlName,
} from './support/mariadb.js';

const probe = await probeMariadb();
const server = probe.available ? probe.server : undefined;

function filters(metadata: Record<string, unknown>) {
  const parsed = parseFilters(metadata);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

describe('SHOW GRANTS reading', () => {
  it('finds global, database-pattern and table SELECT, and ignores other privileges', () => {
    const grants = selectGrantsOf([
      'GRANT USAGE ON *.* TO `app`@`%`',
      'GRANT SELECT, INSERT ON `sales\\_%`.* TO `app`@`%`',
      'GRANT SELECT (`id`, `name`) ON `crm`.`people` TO `app`@`%`',
      'GRANT INSERT ON `hr`.* TO `app`@`%`',
      'GRANT EXECUTE ON PROCEDURE `hr`.`p` TO `app`@`%`',
      'GRANT `reader` TO `app`@`%`',
    ]);
    expect(grants).toEqual([{ level: 'schema', schema: 'sales\\_%' },
      { level: 'table', schema: 'crm' }]);
    expect(schemasWithoutSelect(['sales_eu', 'salesx', 'crm', 'hr'], grants))
      .toEqual(['salesx', 'hr']);
    expect(schemasWithoutSelect(['hr'], selectGrantsOf(['GRANT ALL PRIVILEGES ON *.* TO `r`'])))
      .toEqual([]);
  });

  it('reads LIKE patterns: % and _ are wildcards unless escaped', () => {
    expect(grantPatternMatches('a_c', 'abc')).toBe(true);
    expect(grantPatternMatches('a\\_c', 'abc')).toBe(false);
    expect(grantPatternMatches('a\\_c', 'a_c')).toBe(true);
    expect(grantPatternMatches('sales%', 'Sales1')).toBe(false);
  });

  it('reads MySQL and MariaDB versions and knows the minimum', () => {
    const maria = parseMysqlVersion('10.11.6-MariaDB-0+deb12u1')!;
    expect(maria).toMatchObject({ product: 'MariaDB', major: 10, minor: 11, patch: 6 });
    expect(isSupportedVersion(maria)).toBe(true);
    expect(isSupportedVersion(parseMysqlVersion('5.6.51-log')!)).toBe(false);
    expect(isSupportedVersion(parseMysqlVersion('8.0.36')!)).toBe(true);
    expect(parseMysqlVersion('garbage')).toBeUndefined();
  });
});

describe.skipIf(!server)(suiteTitle('MySQL preflight against real MariaDB', probe), () => {
  const reader = uniqueMysqlName('sg_pf_reader');
  const writer = uniqueMysqlName('sg_pf_writer');
  const roleUser = uniqueMysqlName('sg_pf_roleuser');
  const role = uniqueMysqlName('sg_pf_role');
  const sales = uniqueMysqlName('sg_pf_sales');
  const password = 'Preflight-Pass-5e';
  let admin: Connection;
  let account: string;
  const credentials = (user: string) =>
    mysqlCredentialsFor(server!, user, password, sales) as SqlCredentials;

  beforeAll(async () => {
    admin = await mariadbAdmin(server);
    account = accountHost(server!);
    await admin.query(`CREATE DATABASE \`${sales}\``);
    await admin.query(`CREATE TABLE \`${sales}\`.orders (id INT PRIMARY KEY)`);
    await admin.query(`CREATE TABLE \`${sales}\`.tmp_load (id INT PRIMARY KEY)`);
    await admin.query(`CREATE VIEW \`${sales}\`.order_ids AS SELECT id FROM \`${sales}\`.orders`);
    for (const user of [reader, writer, roleUser]) {
      await admin.query(`CREATE USER '${user}'@'${account}' IDENTIFIED BY '${password}'`);
    }
    await admin.query(`GRANT SELECT ON \`${sales}\`.* TO '${reader}'@'${account}'`);
    await admin.query(`GRANT INSERT ON \`${sales}\`.* TO '${writer}'@'${account}'`);
    await admin.query(`CREATE ROLE '${role}'`);
    await admin.query(`GRANT SELECT ON \`${sales}\`.* TO '${role}'`);
    await admin.query(`GRANT '${role}' TO '${roleUser}'@'${account}'`);
    await admin.query(`SET DEFAULT ROLE '${role}' FOR '${roleUser}'@'${account}'`);
  });

  afterAll(async () => {
    for (const user of [reader, writer, roleUser]) {
      await admin.query(`DROP USER IF EXISTS '${user}'@'${account}'`);
    }
    await admin.query(`DROP ROLE IF EXISTS '${role}'`);
    await admin.query(`DROP DATABASE IF EXISTS \`${sales}\``);
    await admin.end();
  });

  const selectSales = () => filters({ 'include-filter': { '^def$': [`^${sales}$`] },
    'temp-table-regex': '^tmp_' });

  it('passes all five checks and counts tables and views without temp tables', async () => {
    const report = await mysqlConnector.preflight!(credentials(reader), selectSales(),
      directContext());
    expect(Object.keys(report.data)).toEqual(['authenticationCheck', 'databaseSchemaCheck',
      'tablesCheck', 'versionCheck', 'permissionsCheck']);
    expect(report.success).toBe(true);
    expect(report.data.tablesCheck).toMatchObject({ success: true, tableCount: 2 });
    expect(report.data.versionCheck!.successMessage).toMatch(/^MariaDB|^MySQL/);
    for (const check of Object.values(report.data)) {
      expect(check.durationMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('fails databaseSchemaCheck naming an include entry that matches nothing', async () => {
    const report = await mysqlConnector.preflight!(credentials(reader),
      filters({ 'include-filter': { '^def$': ['^no_such_db$'] } }), directContext());
    expect(report.success).toBe(false);
    const check = report.data.databaseSchemaCheck!;
    expect(check.error).toMatchObject({ code: 'DATABASE_NOT_FOUND',
      fields: ['metadata.include-filter'] });
    expect(check.failureMessage).toContain('^no_such_db$');
  });

  it('fails permissionsCheck for a user who may write but not read', async () => {
    const report = await mysqlConnector.preflight!(credentials(writer), selectSales(),
      directContext());
    expect(report.success).toBe(false);
    expect(report.data.databaseSchemaCheck!.success).toBe(true);
    expect(report.data.permissionsCheck).toMatchObject({ success: false,
      databasesWithoutSelect: [sales], error: { code: 'PERMISSION_DENIED' } });
  });

  it('counts SELECT held through a default role (SHOW GRANTS, not information_schema)',
    async () => {
      const report = await mysqlConnector.preflight!(credentials(roleUser), selectSales(),
        directContext());
      expect(report.data.permissionsCheck!.success).toBe(true);
      expect(report.success).toBe(true);
    });

  it('reports the login failure once and skips the session checks', async () => {
    const report = await mysqlConnector.preflight!({ ...credentials(reader),
      password: 'wrong-one' }, selectSales(), directContext());
    expect(report.success).toBe(false);
    expect(report.data.authenticationCheck!.error!.code).toBe('INVALID_CREDENTIALS');
    for (const name of ['databaseSchemaCheck', 'tablesCheck', 'versionCheck',
      'permissionsCheck']) {
      expect(report.data[name]).toMatchObject({ skipped: true, success: false });
    }
  });
});
