/** Longest filter regex accepted; names are at most a few hundred characters anyway. */
export const MAX_FILTER_REGEX_LENGTH = 1_000;

/**
 * Returns why matching `pattern` could take exponential time, or undefined. Filter
 * regexes come from callers and run in this process against names that a source's
 * owner chose, so a pattern like `^(a+)+$` meeting a schema named `aaaa…ab` would stall
 * the service. The check refuses a repeated group that itself holds an unbounded
 * repetition (star height above one), the shape behind most catastrophic backtracking.
 * Overlapping alternatives (`(a|a)+`) are not detected; names are short, which bounds
 * what those can cost.
 */
export function backtrackingProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_FILTER_REGEX_LENGTH) {
    return `is longer than ${MAX_FILTER_REGEX_LENGTH} characters`;
  }

  // For each open group: does it hold an unbounded repetition?
  const groups: boolean[] = [false];
  let inClass = false;

  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index];
    if (char === '\\') {
      index += 1;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }

    if (char === '[') {
      inClass = true;
    } else if (char === '(') {
      groups.push(false);
    } else if (char === ')' && groups.length > 1) {
      const holdsRepetition = groups.pop()!;
      const repeated = repetitionAt(pattern, index + 1);
      if (holdsRepetition && repeated) {
        return 'repeats a group that itself repeats (like (a+)+), which can take ' +
          'exponential time; rewrite it without the nested repetition';
      }
      if (holdsRepetition || repeated === 'unbounded') groups[groups.length - 1] = true;
    } else if (repetitionAt(pattern, index) === 'unbounded') {
      groups[groups.length - 1] = true;
    }
  }
  return undefined;
}

/** The repetition that starts at `index`: `*`, `+`, `{n,}` and `{n,m}` with m > 1. */
function repetitionAt(pattern: string, index: number): 'unbounded' | 'bounded' | undefined {
  const char = pattern[index];
  if (char === '*' || char === '+') return 'unbounded';
  if (char !== '{') return undefined;

  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
  if (!braces) return undefined;
  if (braces[2] !== undefined && braces[3] === '') return 'unbounded';
  const most = Number(braces[3] ?? braces[1]);
  return most > 1 ? 'bounded' : undefined;
}
