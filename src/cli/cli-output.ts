import type { PreflightCheck } from '../connector/connector.js';
import type { WorkflowAnswer } from '../server/routes/metadata.js';
import type { Command } from './cli-options.js';

interface ErrorBody {
  message?: string;
  errors?: { field: string; message: string }[];
  error?: { code: string; fields: string[]; hint: string };
}

/**
 * Renders an answer for a person: per check pass, fail or skip with its time, message
 * and hint; the listing as a tree; a refusal with its code and hint.
 */
export function formatAnswer(command: Command, answer: WorkflowAnswer): string {
  const body = answer.body as ErrorBody & Record<string, unknown>;
  if (answer.status === 400) {
    return ['Invalid input:', ...(body.errors ?? []).map((error) =>
      `  ${error.field}: ${error.message}`)].join('\n');
  }
  if (answer.status !== 200) return formatFailure(body);

  if (command === 'check') return formatChecks(body.data as Record<string, PreflightCheck>,
    answer.body.success);
  if (command === 'metadata') {
    return formatListing(body.data as { TABLE_CATALOG: string; TABLE_SCHEMA?: string }[]);
  }
  return `PASS  ${String(body.message)}`;
}

function formatFailure(body: ErrorBody): string {
  const lines = [`FAIL  ${body.error ? `${body.error.code}: ` : ''}${body.message ?? ''}`];
  if (body.error?.hint) lines.push(`      hint: ${body.error.hint}`);
  if (body.error?.fields.length) lines.push(`      fields: ${body.error.fields.join(', ')}`);
  return lines.join('\n');
}

function formatChecks(checks: Record<string, PreflightCheck>, success: boolean): string {
  const entries = Object.entries(checks);
  const width = Math.max(...entries.map(([name]) => name.length));
  const lines = entries.flatMap(([name, check]) => {
    const verdict = check.success ? 'PASS' : check.skipped ? 'SKIP' : 'FAIL';
    const time = `${check.durationMs} ms`.padStart(8);
    const message = check.success ? check.successMessage : check.failureMessage;
    const optional = check.mandatory ? '' : ' (optional)';
    const line = `${verdict}  ${name.padEnd(width)}${time}  ${message}${optional}`;
    return check.error?.hint ? [line, `      hint: ${check.error.hint}`] : [line];
  });

  const failed = entries.filter(([, check]) => check.mandatory && !check.success).length;
  lines.push('', success ? 'All checks passed.'
    : `${failed} of ${entries.length} checks did not pass.`);
  return lines.join('\n');
}

function formatListing(entries: { TABLE_CATALOG: string; TABLE_SCHEMA?: string }[]): string {
  if (entries.length === 0) return '(nothing to select)';
  const lines: string[] = [];
  let current: string | undefined;
  for (const entry of entries) {
    if (entry.TABLE_CATALOG !== current) {
      current = entry.TABLE_CATALOG;
      lines.push(current);
    }
    if (entry.TABLE_SCHEMA !== undefined) lines.push(`  ${entry.TABLE_SCHEMA}`);
  }
  return lines.join('\n');
}
