/**
 * The catalog SQL of the PostgreSQL connector, exported so that benchmarks and people
 * can run exactly what the service runs. Every filter value travels as a parameter;
 * nothing is spliced into the text.
 *
 * System schemas are `pg_catalog`, `pg_toast`, the per-session `pg_temp_N` and
 * `pg_toast_temp_N`, and `information_schema`. PostgreSQL reserves every schema name
 * starting with `pg_` (CREATE SCHEMA refuses them), so one LIKE covers the first four.
 */
const USER_SCHEMA = `n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'`;

/** Server version as text ("16.4") and as a number (160004). */
export const SERVER_VERSION_SQL = `
SELECT current_setting('server_version') AS version,
       current_setting('server_version_num')::int AS version_num`;

/**
 * Databases this user may connect to, by name: `datallowconn` and the CONNECT
 * privilege; templates left out. Used by `/metadata`.
 */
export const CONNECTABLE_DATABASES_SQL = `
SELECT d.datname AS name
FROM pg_catalog.pg_database d
WHERE NOT d.datistemplate
  AND d.datallowconn
  AND has_database_privilege(d.oid, 'CONNECT')
ORDER BY d.datname`;

/** Every database but the templates, with whether this user may connect to it. */
export const DATABASES_SQL = `
SELECT d.datname AS name,
       (d.datallowconn AND has_database_privilege(d.oid, 'CONNECT')) AS connectable
FROM pg_catalog.pg_database d
WHERE NOT d.datistemplate
ORDER BY d.datname`;

/** The user schemas of the connected database that this user may use (USAGE). */
export const USABLE_SCHEMAS_SQL = `
SELECT n.nspname AS name
FROM pg_catalog.pg_namespace n
WHERE ${USER_SCHEMA}
  AND has_schema_privilege(n.oid, 'USAGE')
ORDER BY n.nspname`;

/** Every user schema of the connected database, with whether this user may use it. */
export const SCHEMAS_SQL = `
SELECT n.nspname AS name, has_schema_privilege(n.oid, 'USAGE') AS usable
FROM pg_catalog.pg_namespace n
WHERE ${USER_SCHEMA}
ORDER BY n.nspname`;

/**
 * The relations a run extracts from schemas `$1` (text[]), leaving out names that match
 * `$2` (a regex, or NULL): tables (r), views (v), materialized views (m), partitioned
 * parents (p) and foreign tables (f). Partitions are read through their parent, so
 * `relispartition` rows are not counted again. `!~` is PostgreSQL's ARE regex match,
 * case-sensitive like a JavaScript regex without flags; the filters module only lets
 * through regexes that both engines read alike.
 */
const EXTRACTED_RELATIONS = `
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1::text[])
  AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
  AND NOT c.relispartition
  AND ($2::text IS NULL OR c.relname !~ $2::text)`;

/** How many relations a run would extract; parameters as for EXTRACTED_RELATIONS. */
export const COUNT_TABLES_SQL = `
SELECT count(*)::int AS table_count${EXTRACTED_RELATIONS}`;

/**
 * The extracted relations, in schemas this user may use, that it may not SELECT from:
 * the first `$3` by name, each row also carrying the total.
 */
export const TABLES_WITHOUT_SELECT_SQL = `
SELECT n.nspname AS schema_name, c.relname AS table_name, count(*) OVER ()::int AS total
${EXTRACTED_RELATIONS}
  AND has_schema_privilege(n.oid, 'USAGE')
  AND NOT has_table_privilege(c.oid, 'SELECT')
ORDER BY n.nspname, c.relname
LIMIT $3`;

/** Parameters of COUNT_TABLES_SQL: the selected schemas and the temp-table regex. */
export function countTablesParams(schemas: readonly string[], tempTableRegex?: string) {
  return [schemas, tempTableRegex ?? null];
}
