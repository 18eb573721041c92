/** One SELECT privilege of the current account, read from SHOW GRANTS. */
export interface SelectGrant {
  readonly level: 'global' | 'schema' | 'table';
  /** The database, or for schema level the grant's LIKE pattern; undefined for global. */
  readonly schema?: string;
}

const NAME = '(\\*|`(?:[^`]|``)+`)';
// GRANT <privileges> ON [TABLE] <db>.<table> TO ...; routines (PROCEDURE, FUNCTION) and
// role grants (GRANT `role` TO ...) do not match, and carry no SELECT.
const GRANT_LINE = new RegExp(`^GRANT (.+?) ON (?:TABLE )?${NAME}\\.${NAME} TO `);
const SELECT_PRIVILEGE = /(?:^|,\s*)(?:SELECT|ALL(?: PRIVILEGES)?)(?=\s|,|\(|$)/;

/**
 * The SELECT privileges in the lines of SHOW GRANTS. SHOW GRANTS is used rather than
 * information_schema because MariaDB lists there only direct grants, while SHOW GRANTS
 * also shows the grants of the roles the session has enabled. Column-level SELECT
 * counts for its table. MySQL 8 shows only the names of granted roles unless they are
 * active; activate them (SET DEFAULT ROLE) for this check to see their privileges.
 */
export function selectGrantsOf(lines: readonly string[]): SelectGrant[] {
  return lines.flatMap((line): SelectGrant[] => {
    const match = GRANT_LINE.exec(line);
    if (!match || !SELECT_PRIVILEGE.test(match[1]!)) return [];

    const database = match[2]!;
    const table = match[3]!;
    if (database === '*') return [{ level: 'global' as const }];
    const schema = unquote(database);
    return [{ level: table === '*' ? 'schema' as const : 'table' as const, schema }];
  });
}

/**
 * Whether a database-level grant covers `schema`. MySQL stores such grants as LIKE
 * patterns: `%` any run, `_` any one character, and `\_` `\%` the characters themselves
 * (https://dev.mysql.com/doc/refman/8.0/en/grant.html, "Database Privileges").
 */
export function grantPatternMatches(pattern: string, schema: string): boolean {
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === '\\' && index + 1 < pattern.length) {
      source += escapeRegex(pattern[index + 1]!);
      index += 1;
    } else if (char === '%') {
      source += '.*';
    } else if (char === '_') {
      source += '.';
    } else {
      source += escapeRegex(char);
    }
  }
  return new RegExp(`^${source}$`, 's').test(schema);
}

/**
 * The schemas among `schemas` that the grants give no SELECT on at any level. A
 * table-level grant counts for its schema: those tables are the ones a run would read,
 * and information_schema lists no other table to the user anyway.
 */
export function schemasWithoutSelect(
  schemas: readonly string[],
  grants: readonly SelectGrant[],
): string[] {
  if (grants.some((grant) => grant.level === 'global')) return [];

  return schemas.filter((schema) => !grants.some((grant) => {
    if (grant.schema === undefined) return false;
    return grant.level === 'schema'
      ? grantPatternMatches(grant.schema, schema)
      : grant.schema === schema;
  }));
}

function unquote(name: string): string {
  return name.slice(1, -1).replaceAll('``', '`');
}

function escapeRegex(char: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(char) ? `\\${char}` : char;
}
