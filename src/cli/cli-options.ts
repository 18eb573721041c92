import { parseArgs } from 'node:util';

export const COMMANDS = ['auth', 'metadata', 'check', 'serve'] as const;
export type Command = (typeof COMMANDS)[number];

/** What the command line said. Secrets never come from here: `ps` shows argv. */
export interface CliOptions {
  readonly command: Command;
  /** A file of credential JSON; undefined or "-" reads stdin. */
  readonly credentialsFile?: string;
  readonly type?: string;
  readonly filtersFile?: string;
  readonly includeFilter?: string;
  readonly excludeFilter?: string;
  readonly tempTableRegex?: string;
  readonly connector?: string;
  readonly json: boolean;
}

/** A mistake on the command line: exit code 2, with the usage text. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: sourcegate <command> [options]

Commands:
  auth        test the credentials against the source
  metadata    list the databases and schemas that can be selected
  check       run the preflight checks against the filters
  serve       start the HTTP service (configured by environment variables)

Options:
  --credentials FILE       credential JSON (authType, host, port, username, password,
                           database, extra); "-" or left out: read from stdin
  --type TYPE              metadata: all (default), database or schema
  --filters FILE           check: JSON object with include-filter, exclude-filter,
                           temp-table-regex
  --include-filter JSON    check: {"database regex": ["schema regex", ...] or "*"}
  --exclude-filter JSON    check: same shape; wins over the include filter
  --temp-table-regex RE    check: tables whose name matches are left out
  --connector NAME         built-in connector (default: SOURCEGATE_CONNECTOR or postgres)
  --json                   print the service's JSON answer instead of text
  -h, --help               show this text

Exit codes: 0 everything passed, 1 the source said no, 2 bad input, 3 internal error.`;

/** Reads argv (without node and the script); throws UsageError on anything unknown. */
export function parseCliOptions(argv: readonly string[]): CliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        credentials: { type: 'string' },
        type: { type: 'string' },
        filters: { type: 'string' },
        'include-filter': { type: 'string' },
        'exclude-filter': { type: 'string' },
        'temp-table-regex': { type: 'string' },
        connector: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    // parseArgs quotes the offending argument, which might be a pasted password.
    const code = (error as { code?: string }).code ?? '';
    throw new UsageError(code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? 'unknown option (credentials are read from --credentials FILE or stdin, never argv)'
      : 'an option is missing its value or does not take one');
  }

  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, ...rest] = positionals;
  if (!COMMANDS.includes(command as Command)) {
    throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  }
  if (rest.length > 0) throw new UsageError('unexpected arguments after the command');

  const forCheck = ['filters', 'include-filter', 'exclude-filter', 'temp-table-regex'] as const;
  if (command !== 'check' && forCheck.some((name) => values[name] !== undefined)) {
    throw new UsageError('filter options belong to the check command');
  }
  if (command !== 'metadata' && values.type !== undefined) {
    throw new UsageError('--type belongs to the metadata command');
  }

  return {
    command: command as Command,
    credentialsFile: values.credentials,
    type: values.type,
    filtersFile: values.filters,
    includeFilter: values['include-filter'],
    excludeFilter: values['exclude-filter'],
    tempTableRegex: values['temp-table-regex'],
    connector: values.connector,
    json: values.json ?? false,
  };
}
