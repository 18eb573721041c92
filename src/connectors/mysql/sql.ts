/**
 * The catalog statements of the MySQL connector. Every one reads information_schema or
 * a server function; none touches user data. Placeholders are bound by mysql2.
 */

/** MySQL's own databases, never offered for extraction. */
export const MYSQL_SYSTEM_DATABASES = [
  'mysql', 'information_schema', 'performance_schema', 'sys',
] as const;

const NOT_SYSTEM = `NOT IN (${MYSQL_SYSTEM_DATABASES.map(() => '?').join(', ')})`;

/** The databases the user can see (MySQL hides the others without SHOW DATABASES). */
export const SCHEMATA_SQL = `
  SELECT CATALOG_NAME AS catalog_name, SCHEMA_NAME AS schema_name
  FROM information_schema.SCHEMATA
  WHERE SCHEMA_NAME ${NOT_SYSTEM}
  ORDER BY SCHEMA_NAME`;

/** Tables and views the user holds some privilege on; the filters are applied after. */
export const TABLES_SQL = `
  SELECT TABLE_CATALOG AS catalog_name, TABLE_SCHEMA AS schema_name,
         TABLE_NAME AS table_name
  FROM information_schema.TABLES
  WHERE TABLE_SCHEMA ${NOT_SYSTEM} AND TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')`;

export const VERSION_SQL = 'SELECT VERSION() AS version';

/** Every grant of the account, and of the roles the session has enabled. */
export const SHOW_GRANTS_SQL = 'SHOW GRANTS';
