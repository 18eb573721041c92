import { readFile } from 'node:fs/promises';

import { isPlainObject } from '../connector/credential-spec.js';
import type { CliOptions } from './cli-options.js';

/** Input that cannot be read or is not JSON: exit code 2, without the usage text. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * The request body of the command, as the HTTP service would receive it: credentials
 * from the file or stdin, plus `type` for metadata or the filters for check.
 */
export async function requestBody(options: CliOptions,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<unknown> {
  const credentials = await readCredentials(options.credentialsFile, stdin);
  switch (options.command) {
    case 'metadata':
      return isPlainObject(credentials) && options.type !== undefined
        ? { ...credentials, type: options.type } : credentials;
    case 'check':
      return { credentials, metadata: await readFilters(options) };
    default:
      return credentials;
  }
}

async function readCredentials(file: string | undefined,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<unknown> {
  let text: string;
  if (file === undefined || file === '-') {
    if (stdin.isTTY) {
      throw new InputError('give --credentials FILE, or pipe the credential JSON on stdin');
    }
    text = await readAll(stdin);
  } else {
    text = await readText(file, 'credentials');
  }
  return parseJson(text, 'the credentials are not valid JSON');
}

async function readFilters(options: CliOptions): Promise<Record<string, unknown>> {
  const metadata: Record<string, unknown> = {};
  if (options.filtersFile !== undefined) {
    const parsed = parseJson(await readText(options.filtersFile, 'filters'),
      'the filters file is not valid JSON');
    if (!isPlainObject(parsed)) throw new InputError('the filters file must hold a JSON object');
    Object.assign(metadata, parsed);
  }

  // Passed on as strings: the filters module parses a string filter as JSON and names
  // the filter in its error, exactly as for an HTTP caller.
  if (options.includeFilter !== undefined) metadata['include-filter'] = options.includeFilter;
  if (options.excludeFilter !== undefined) metadata['exclude-filter'] = options.excludeFilter;
  if (options.tempTableRegex !== undefined) {
    metadata['temp-table-regex'] = options.tempTableRegex;
  }
  return metadata;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown error';
    throw new InputError(`cannot read the ${what} file ${file} (${code})`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The parser's own message is not shown: it quotes the input, which holds a secret. */
function parseJson(text: string, problem: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(problem);
  }
}
