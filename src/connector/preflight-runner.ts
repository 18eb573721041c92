import { isSourceFailureError, sourceFailure, type SourceFailure } from
  '../errors/source-failure.js';
import { OverloadedError } from '../net/connection-limiter.js';
import type { ConnectorLogger, PreflightCheck, PreflightReport } from './connector.js';

/** What one check found: a value, never an exception (those are for bugs). */
export type CheckResult =
  | { readonly success: true; readonly message: string;
    readonly details?: Readonly<Record<string, unknown>> }
  | { readonly success: false; readonly failure: SourceFailure;
    readonly details?: Readonly<Record<string, unknown>> };

/** One named check of a preflight plan. */
export interface PreflightCheckSpec {
  /** The wire name, such as `tablesCheck`. */
  readonly name: string;
  /** Whether the report's `success` depends on it. @default true */
  readonly mandatory?: boolean;
  /** Time limit of this check; the plan's `timeoutMs` when not given. */
  readonly timeoutMs?: number;
  /** Does the work. A thrown SourceFailureError becomes the check's `error`. */
  run(): Promise<CheckResult>;
}

export interface PreflightPlan {
  /** Runs first; when it fails, every session check is reported as skipped. */
  readonly authentication: PreflightCheckSpec;
  /** Checks that need a working session; they run concurrently. */
  readonly session: readonly PreflightCheckSpec[];
  /** Default time limit of each check. */
  readonly timeoutMs: number;
  readonly logger?: ConnectorLogger;
}

/**
 * Runs a connector's preflight checks and assembles the contract's report: the
 * authentication check first, then the session checks concurrently, each under its own
 * time limit and timed. A check that runs out of time is reported as failed; its work
 * is not awaited, and must end on its own deadlines (drivers' query timeouts).
 *
 * @example
 * const report = await runPreflight({ authentication, session: [versionCheck],
 *   timeoutMs: context.queryTimeoutMs });
 */
export async function runPreflight(plan: PreflightPlan): Promise<PreflightReport> {
  const data: Record<string, PreflightCheck> = {};

  const authentication = await runCheck(plan.authentication, plan);
  data[plan.authentication.name] = authentication;

  if (!authentication.success) {
    for (const spec of plan.session) data[spec.name] = skipped(spec, authentication);
  } else {
    const results = await Promise.all(plan.session.map((spec) => runCheck(spec, plan)));
    plan.session.forEach((spec, index) => { data[spec.name] = results[index]!; });
  }

  const success = Object.values(data).every((check) => !check.mandatory || check.success);
  return { success, data };
}

async function runCheck(spec: PreflightCheckSpec, plan: PreflightPlan): Promise<PreflightCheck> {
  const timeoutMs = spec.timeoutMs ?? plan.timeoutMs;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ success: false, failure: sourceFailure('SOURCE_ERROR', {
      message: `${spec.name} did not finish within ${timeoutMs} ms.`,
      hint: 'The source is slow or the filters select a very large catalog; narrow the ' +
        'filters or raise SOURCEGATE_QUERY_TIMEOUT_MS.',
      fields: [],
    }) }), timeoutMs);
  });

  let result: CheckResult;
  try {
    result = await Promise.race([spec.run(), timeout]);
  } catch (error) {
    // No connection slot: the checks could not be run at all, which the service
    // answers with 503 and Retry-After rather than as a failed check.
    if (error instanceof OverloadedError) throw error;
    result = { success: false, failure: unexpectedFailure(spec.name, error, plan.logger) };
  } finally {
    clearTimeout(timer);
  }

  const durationMs = Math.round(performance.now() - started);
  return toWire(result, spec.mandatory ?? true, durationMs);
}

function toWire(result: CheckResult, mandatory: boolean, durationMs: number): PreflightCheck {
  if (result.success) {
    return { success: true, mandatory, durationMs, successMessage: result.message,
      failureMessage: '', ...result.details };
  }
  const { failure } = result;
  return {
    success: false, mandatory, durationMs, successMessage: '', failureMessage: failure.message,
    ...result.details,
    error: { code: failure.code, fields: failure.fields, hint: failure.hint },
  };
}

function skipped(spec: PreflightCheckSpec, authentication: PreflightCheck): PreflightCheck {
  const code = authentication.error?.code ?? 'SOURCE_ERROR';
  return {
    success: false,
    mandatory: spec.mandatory ?? true,
    durationMs: 0,
    skipped: true,
    successMessage: '',
    failureMessage: `Skipped: authentication failed (${code}); see authenticationCheck.`,
  };
}

/**
 * A SourceFailureError is an expected outcome carried up from deep inside a check.
 * Anything else is a bug: logged in full, reported without its text, which might
 * hold something the source said.
 */
function unexpectedFailure(name: string, error: unknown, logger?: ConnectorLogger) {
  if (isSourceFailureError(error)) return error.failure;

  logger?.warn({ check: name, err: error }, 'preflight check threw');
  return sourceFailure('SOURCE_ERROR', {
    message: `${name} could not be completed because of an internal error.`,
    hint: 'This is a bug in the connector; the service log has the details.',
    fields: [],
    cause: error,
  });
}
