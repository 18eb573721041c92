#!/usr/bin/env node
import { ConfigError } from '../config.js';
import { InputError, requestBody } from './cli-input.js';
import { type CliOptions, parseCliOptions, USAGE, UsageError } from './cli-options.js';
import { formatAnswer } from './cli-output.js';

/**
 * `sourcegate auth|metadata|check|serve`: the service's three questions from a shell,
 * answered in-process with the same parsing and handlers as the HTTP routes.
 */
async function main(argv: readonly string[]): Promise<number | 'serving'> {
  let options: CliOptions | 'help';
  try {
    options = parseCliOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sourcegate: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  // Loaded on demand: the service's modules take a while to load, and --help should not.
  if (options.command === 'serve') {
    const { exitAfterFailedStart, serve } = await import('./serve.js');
    await serve().catch(exitAfterFailedStart);
    return 'serving';
  }

  try {
    const body = await requestBody(options, process.stdin);
    const { answerCommand, exitCodeOf } = await import('./run-command.js');
    const answer = await answerCommand(options.command, body, options.connector);
    const text = options.json ? JSON.stringify(answer.body, null, 2)
      : formatAnswer(options.command, answer);
    const toStderr = !options.json && answer.status === 400;
    await writeAll(toStderr ? process.stderr : process.stdout, `${text}\n`);
    return exitCodeOf(answer);
  } catch (error) {
    if (error instanceof InputError || error instanceof ConfigError) {
      process.stderr.write(`sourcegate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function writeAll(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}

main(process.argv.slice(2)).then((outcome) => {
  // Connections still closing in the background (a check that ran out of time) must not
  // hold the answer back, so the process ends as soon as it is written.
  if (outcome !== 'serving') process.exit(outcome);
}, (error: unknown) => {
  console.error('sourcegate: internal error', error instanceof Error ? error.stack : error);
  process.exit(3);
});
