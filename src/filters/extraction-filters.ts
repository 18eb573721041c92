/**
 * The selection a person made for extraction, parsed: which databases and schemas are
 * included, which are excluded, and which tables count as temporary. Patterns keep
 * their source text for messages; the compiled RegExp has JavaScript semantics exactly
 * as written (anchors are not stripped or added).
 */
export interface FilterPattern {
  /** The regex as the caller wrote it. */
  readonly source: string;
  readonly regex: RegExp;
}

/** One entry of an include or exclude filter: a database regex and its schemas. */
export interface FilterRule {
  readonly database: FilterPattern;
  /** `'*'` for every schema of the matching databases. */
  readonly schemas: '*' | readonly FilterPattern[];
}

export interface ExtractionFilters {
  /** Empty means everything. */
  readonly include: readonly FilterRule[];
  /** Wins over `include`. */
  readonly exclude: readonly FilterRule[];
  /** Tables whose name matches are left out of counts and runs. */
  readonly tempTable?: FilterPattern;
}

/** Filters that select every database and schema and drop no table. */
export const NO_FILTERS: ExtractionFilters = Object.freeze({ include: [], exclude: [] });

/**
 * Whether `schema` of `database` is selected: an empty include filter selects
 * everything, otherwise some include rule must match both names; any exclude rule
 * that matches both wins.
 *
 * @example
 * selectsSchema(filters, 'sales', 'public') // true for include {"^sales$": "*"}
 */
export function selectsSchema(filters: ExtractionFilters, database: string,
  schema: string): boolean {
  const included = filters.include.length === 0 ||
    filters.include.some((rule) => ruleMatches(rule, database, schema));
  return included && !filters.exclude.some((rule) => ruleMatches(rule, database, schema));
}

/**
 * Whether any schema of `database` can be selected: some include rule names it (or the
 * include filter is empty) and no exclude rule takes all of its schemas away. When this
 * is false, `selectsSchema` is false for every schema of the database.
 */
export function selectsDatabase(filters: ExtractionFilters, database: string): boolean {
  const included = filters.include.length === 0 ||
    filters.include.some((rule) => rule.database.regex.test(database));
  const wholeExcluded = filters.exclude.some((rule) =>
    rule.schemas === '*' && rule.database.regex.test(database));
  return included && !wholeExcluded;
}

/** Whether `table` matches `temp-table-regex` and so is left out. */
export function isTempTable(filters: ExtractionFilters, table: string): boolean {
  return filters.tempTable?.regex.test(table) ?? false;
}

function ruleMatches(rule: FilterRule, database: string, schema: string): boolean {
  if (!rule.database.regex.test(database)) return false;
  return rule.schemas === '*' || rule.schemas.some((pattern) => pattern.regex.test(schema));
}
