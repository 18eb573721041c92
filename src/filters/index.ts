export {
  isTempTable, NO_FILTERS, selectsDatabase, selectsSchema,
  type ExtractionFilters, type FilterPattern, type FilterRule,
} from './extraction-filters.js';
export { parseFilters } from './parse-filters.js';
export { portableRegexProblem } from './portable-regex.js';
export { backtrackingProblem, MAX_FILTER_REGEX_LENGTH } from './regex-safety.js';
