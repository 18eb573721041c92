import { isPlainObject } from '../connector/credential-spec.js';
import type { FieldError, Parsed } from '../errors/field-error.js';
import type { ExtractionFilters, FilterPattern, FilterRule } from './extraction-filters.js';
import { portableRegexProblem } from './portable-regex.js';
import { backtrackingProblem } from './regex-safety.js';

const FILTER_SHAPE = 'must map database regexes to a list of schema regexes or "*", ' +
  'as an object or a string holding one';

/**
 * Reads the contract's `metadata` object of a check request: `include-filter` and
 * `exclude-filter` (an object, or a string of JSON, mapping a database regex to schema
 * regexes or `"*"`) and `temp-table-regex`. Other keys are ignored, as front ends keep
 * more settings in that object. Every bad filter and regex is reported, each error
 * naming the filter (`metadata.include-filter`) and the offending key.
 *
 * @example
 * const parsed = parseFilters({ 'include-filter': '{"^sales$": ["^public$"]}' });
 * if (parsed.ok) selectsSchema(parsed.value, 'sales', 'public'); // true
 */
export function parseFilters(metadata: unknown, path = 'metadata.'): Parsed<ExtractionFilters> {
  if (metadata === undefined || metadata === null) metadata = {};
  if (!isPlainObject(metadata)) {
    return { ok: false, errors: [{ field: path.replace(/\.$/, '') || 'metadata',
      message: 'must be a JSON object' }] };
  }

  const errors: FieldError[] = [];
  const include = parseFilter(metadata['include-filter'], `${path}include-filter`, errors);
  const exclude = parseFilter(metadata['exclude-filter'], `${path}exclude-filter`, errors);
  const tempTable = parseTempTableRegex(metadata['temp-table-regex'],
    `${path}temp-table-regex`, errors);

  if (errors.length > 0) return { ok: false, errors };
  const filters: ExtractionFilters = tempTable ? { include, exclude, tempTable }
    : { include, exclude };
  return { ok: true, value: Object.freeze(filters) };
}

function parseFilter(raw: unknown, field: string, errors: FieldError[]): FilterRule[] {
  if (raw === undefined || raw === null) return [];

  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      value = undefined;
    }
  }
  if (!isPlainObject(value)) {
    errors.push({ field, message: FILTER_SHAPE });
    return [];
  }

  const rules: FilterRule[] = [];
  for (const [databaseSource, schemasRaw] of Object.entries(value)) {
    const database = compile(databaseSource, field, `database regex "${databaseSource}"`,
      errors);
    const schemas = parseSchemas(schemasRaw, databaseSource, field, errors);
    if (database && schemas) rules.push(Object.freeze({ database, schemas }));
  }
  return rules;
}

function parseSchemas(raw: unknown, databaseSource: string, field: string,
  errors: FieldError[]): FilterRule['schemas'] | undefined {
  if (raw === '*') return '*';
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every((item) => typeof item === 'string')) {
    errors.push({ field, message:
      `key "${databaseSource}": must be "*" or a non-empty list of schema regexes` });
    return undefined;
  }

  const patterns = raw.map((source: string) =>
    compile(source, field, `key "${databaseSource}": schema regex "${source}"`, errors));
  return patterns.every(Boolean) ? Object.freeze(patterns as FilterPattern[]) : undefined;
}

/**
 * The temporary-table regex is evaluated by the source's own regex engine, so that
 * counting stays in the database; it must mean the same there as in JavaScript.
 */
function parseTempTableRegex(raw: unknown, field: string,
  errors: FieldError[]): FilterPattern | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') {
    errors.push({ field, message: 'must be a string holding a regular expression' });
    return undefined;
  }

  const pattern = compile(raw, field, 'regex', errors);
  const problem = pattern ? portableRegexProblem(raw) : undefined;
  if (problem) {
    errors.push({ field, message: problem });
    return undefined;
  }
  return pattern;
}

function compile(source: string, field: string, what: string,
  errors: FieldError[]): FilterPattern | undefined {
  const unsafe = backtrackingProblem(source);
  if (unsafe) {
    errors.push({ field, message: `${what} ${unsafe}` });
    return undefined;
  }
  try {
    return Object.freeze({ source, regex: new RegExp(source) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    errors.push({ field, message: `${what} is not a valid regular expression (${reason})` });
    return undefined;
  }
}
