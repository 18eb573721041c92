import type { Connection, RowDataPacket } from 'mysql2';

import type { OperationContext } from '../../connector/connector.js';
import type { PreflightCheckSpec } from '../../connector/preflight-runner.js';
import type { SqlCredentials } from '../../connector/sql-credentials.js';
import { sourceFailure } from '../../errors/source-failure.js';
import {
  type ExtractionFilters, type FilterRule, isTempTable, selectsSchema,
} from '../../filters/index.js';
import { schemasWithoutSelect, selectGrantsOf } from './grants.js';
import type { SchemataRow } from './metadata.js';
import { queryMysql } from './query.js';
import {
  MYSQL_SYSTEM_DATABASES, SCHEMATA_SQL, SHOW_GRANTS_SQL, TABLES_SQL, VERSION_SQL,
} from './sql.js';
import { isSupportedVersion, MINIMUM_VERSIONS, parseMysqlVersion } from './version.js';

/** What every check gets: the shared session, the credentials, filters and context. */
type CheckFactory = (
  session: () => Promise<Connection>,
  credentials: SqlCredentials,
  filters: ExtractionFilters,
  context: OperationContext,
) => PreflightCheckSpec;

const LISTED_NAMES = 10;

/** The databases the filters select exist and are visible; every include entry matches. */
export const databaseSchemaCheck: CheckFactory = (session, credentials, filters, context) => ({
  name: 'databaseSchemaCheck',
  run: async () => {
    const rows = await schemata(await session(), credentials, context);
    const selected = rows.filter((row) => selectsSchema(filters, row.catalog_name,
      row.schema_name));
    const unmatched = filters.include.filter((rule) => !rows.some((row) =>
      selectsSchema({ include: [rule], exclude: [] }, row.catalog_name, row.schema_name)));

    if (unmatched.length > 0 || selected.length === 0) {
      const what = unmatched.length > 0
        ? `include-filter ${unmatched.map(describeRule).join(', ')} matches no database`
        : 'The filters select no database';
      return { success: false, failure: sourceFailure('DATABASE_NOT_FOUND', {
        message: `${what} that user "${credentials.username}" can see on MySQL. MySQL ` +
          "databases are schemas of the catalog 'def': filter as {\"^def$\": [\"^sales$\"]}.",
        hint: 'Check the names in the filters, and that the user holds a privilege on ' +
          'those databases (MySQL hides the others).',
        fields: ['metadata.include-filter'] }), details: { schemaCount: selected.length } };
    }
    return { success: true, details: { schemaCount: selected.length },
      message: `${selected.length} database(s) match the filters: ` +
        listNames(selected.map((row) => row.schema_name)) };
  },
});

interface TableRow extends SchemataRow { table_name: string }

/** Counts the tables and views a run with these filters would extract. */
export const tablesCheck: CheckFactory = (session, credentials, filters, context) => ({
  name: 'tablesCheck',
  run: async () => {
    const rows = await queryMysql<TableRow>(await session(), TABLES_SQL,
      MYSQL_SYSTEM_DATABASES, credentials, context);
    const tableCount = rows.filter((row) => selectsSchema(filters, row.catalog_name,
      row.schema_name) && !isTempTable(filters, row.table_name)).length;

    if (tableCount === 0) {
      return { success: false, details: { tableCount }, failure: sourceFailure(
        'PERMISSION_DENIED', {
          message: `No table or view that user "${credentials.username}" can read matches ` +
            'the filters.',
          hint: 'Widen the filters, or grant SELECT on the tables to extract; MySQL lists ' +
            'only tables the user holds a privilege on.',
          fields: ['metadata.include-filter', 'username'] }) };
    }
    return { success: true, details: { tableCount },
      message: `${tableCount} tables and views match the filters` };
  },
});

/** The server is a MySQL or MariaDB release this connector supports. */
export const versionCheck: CheckFactory = (session, credentials, _filters, context) => ({
  name: 'versionCheck',
  run: async () => {
    const [row] = await queryMysql<RowDataPacket>(await session(), VERSION_SQL, [],
      credentials, context);
    const text = String(row?.version ?? '');
    const version = parseMysqlVersion(text);

    if (!version || !isSupportedVersion(version)) {
      const minimum = Object.entries(MINIMUM_VERSIONS)
        .map(([product, [major, minor]]) => `${product} ${major}.${minor}`).join(' or ');
      return { success: false, details: { version: text }, failure: sourceFailure(
        'SOURCE_ERROR', { message: `The server reports version "${text}"; this connector ` +
          `needs ${minimum} or later.`,
        hint: 'Upgrade the server, or connect to a replica that runs a supported release.',
        fields: [] }) };
    }
    return { success: true, details: { version: text },
      message: `${version.product} ${version.major}.${version.minor}.${version.patch}` };
  },
});

/** The user holds SELECT on every selected database (global, database or table grants). */
export const permissionsCheck: CheckFactory = (session, credentials, filters, context) => ({
  name: 'permissionsCheck',
  run: async () => {
    const connection = await session();
    const rows = await schemata(connection, credentials, context);
    const selected = rows.filter((row) => selectsSchema(filters, row.catalog_name,
      row.schema_name)).map((row) => row.schema_name);
    const grantRows = await queryMysql<RowDataPacket>(connection, SHOW_GRANTS_SQL, [],
      credentials, context);
    const lines = grantRows.map((row) => String(Object.values(row)[0] ?? ''));
    const missing = schemasWithoutSelect(selected, selectGrantsOf(lines));

    if (missing.length > 0) {
      return { success: false, details: { databasesWithoutSelect: missing },
        failure: sourceFailure('PERMISSION_DENIED', {
          message: `User "${credentials.username}" holds no SELECT privilege on ` +
            `${listNames(missing)}.`,
          hint: `Grant it: GRANT SELECT ON \`${missing[0]}\`.* TO '${credentials.username}'` +
            "@'<this service's address>'.",
          fields: ['username', 'metadata.include-filter'] }) };
    }
    return { success: true,
      message: `User "${credentials.username}" may read all ${selected.length} selected ` +
        'database(s).' };
  },
});

function schemata(connection: Connection, credentials: SqlCredentials,
  context: OperationContext) {
  return queryMysql<SchemataRow>(connection, SCHEMATA_SQL, MYSQL_SYSTEM_DATABASES,
    credentials, context);
}

function describeRule(rule: FilterRule): string {
  const schemas = rule.schemas === '*' ? '"*"'
    : JSON.stringify(rule.schemas.map((pattern) => pattern.source));
  return `{"${rule.database.source}": ${schemas}}`;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_NAMES).join(', ');
  return names.length > LISTED_NAMES ? `${shown} and ${names.length - LISTED_NAMES} more`
    : shown;
}
