import type { CheckResult } from '../../connector/preflight-runner.js';
import { sourceFailure } from '../../errors/source-failure.js';
import { type ExtractionFilters, type FilterPattern, selectsDatabase } from
  '../../filters/extraction-filters.js';
import type { PostgresCatalog, ServerFacts } from './catalog-reader.js';
import { DATABASE_CONCURRENCY, mapBounded } from './metadata.js';

/** How many names of unreadable objects a report lists; the total is always given. */
export const LISTED_NAMES_LIMIT = 50;

/**
 * Names every database and schema of the include filter that does not exist: a
 * database regex that matches no database, and, per matching database this user may
 * connect to, a schema regex that matches no schema there. A missing schema also uses
 * DATABASE_NOT_FOUND: the contract's catalogue has no separate code for schemas.
 */
export async function checkDatabasesAndSchemas(catalog: PostgresCatalog, server: ServerFacts,
  filters: ExtractionFilters): Promise<CheckResult> {
  if (filters.include.length === 0) {
    return { success: true, message: 'No include filter: every database and schema is included' };
  }

  const missing: string[] = [];
  for (const rule of filters.include) {
    const matching = server.databases.filter((row) => rule.database.regex.test(row.name));
    if (matching.length === 0) missing.push(`Database ${nameOf(rule.database)}`);
    if (rule.schemas === '*') continue;

    const patterns = rule.schemas;
    const reachable = matching.filter((row) => row.connectable).map((row) => row.name);
    const schemaLists = await mapBounded(reachable, DATABASE_CONCURRENCY,
      (database) => catalog.schemasOf(database));
    reachable.forEach((database, index) => {
      for (const pattern of patterns) {
        const found = schemaLists[index]!.some((schema) => pattern.regex.test(schema.name));
        if (!found) missing.push(`Schema ${database}.${nameOf(pattern)}`);
      }
    });
  }

  if (missing.length === 0) {
    return { success: true, message: 'Every database and schema of the include filter exists' };
  }
  const verb = missing.length === 1 ? 'does' : 'do';
  return { success: false, details: { missing }, failure: sourceFailure('DATABASE_NOT_FOUND', {
    message: `${missing.join(', ')} ${verb} not exist`,
    hint: 'Correct the include-filter: names are case-sensitive, and /metadata lists the ' +
      'databases and schemas that exist.',
    fields: ['metadata.include-filter'],
  }) };
}

/**
 * Names what the filters select but this user cannot read: databases without CONNECT,
 * schemas without USAGE, and relations without SELECT in the schemas it can use.
 */
export async function checkPermissions(catalog: PostgresCatalog, server: ServerFacts,
  filters: ExtractionFilters, username: string): Promise<CheckResult> {
  // An empty include filter stands for what /metadata lists: connectable databases only.
  const databasesWithoutConnect = filters.include.length === 0 ? [] : server.databases
    .filter((row) => !row.connectable && selectsDatabase(filters, row.name))
    .map((row) => row.name);
  const selected = await catalog.selectedSchemas(server, filters);
  const schemasWithoutUsage = selected.flatMap((entry) => entry.schemas
    .filter((schema) => !schema.usable).map((schema) => `${entry.database}.${schema.name}`));

  const tables = await mapBounded(selected, DATABASE_CONCURRENCY,
    (entry) => catalog.tablesWithoutSelect(entry, filters, LISTED_NAMES_LIMIT));
  const tablesWithoutSelect = tables.flatMap((found) => found.names).slice(0, LISTED_NAMES_LIMIT);
  const tablesWithoutSelectCount = tables.reduce((sum, found) => sum + found.total, 0);

  const details = { databasesWithoutConnect, schemasWithoutUsage, tablesWithoutSelect,
    tablesWithoutSelectCount };
  const problems = [
    ...listed('database', 'without CONNECT', databasesWithoutConnect),
    ...listed('schema', 'without USAGE', schemasWithoutUsage),
    ...listed('table', 'without SELECT', tablesWithoutSelect, tablesWithoutSelectCount),
  ];
  if (problems.length === 0) {
    return { success: true, details,
      message: `User "${username}" can read everything the filters select` };
  }

  return { success: false, details, failure: sourceFailure('PERMISSION_DENIED', {
    message: `User "${username}" cannot read: ${problems.join('; ')}.`,
    hint: `Grant what is missing (GRANT CONNECT ON DATABASE, GRANT USAGE ON SCHEMA, GRANT ` +
      `SELECT ON ALL TABLES IN SCHEMA ... TO "${username}"), or leave those databases and ` +
      'schemas out with exclude-filter.',
    fields: ['username', 'metadata.include-filter'],
  }) };
}

function listed(kind: string, lacking: string, names: readonly string[],
  total = names.length): string[] {
  if (total === 0) return [];
  const plural = total === 1 ? kind : `${kind}s`;
  const more = total > names.length ? `, and ${total - names.length} more` : '';
  return [`${total} ${plural} ${lacking} (${names.join(', ')}${more})`];
}

/** `^crm$` reads as `crm`; anything else is shown as the regex it is. */
function nameOf(pattern: FilterPattern): string {
  const literal = /^\^([^\\^$.*+?()[\]{}|/]+)\$$/.exec(pattern.source);
  return literal ? literal[1]! : `/${pattern.source}/`;
}
