import { parseTargetRules, type TargetRule } from './net/target-policy.js';

/**
 * The service's configuration, read from the environment in this one place. Every
 * variable is checked at start-up and every bad one is reported together.
 */
export interface ServiceConfig {
  /** @default 8000 */
  readonly port: number;
  /** @default '127.0.0.1' */
  readonly host: string;
  /** When set, /workflows/* needs `Authorization: Bearer <token>`. */
  readonly apiToken: string | undefined;
  /** Allows a non-loopback HOST without an API token. @default false */
  readonly allowUnauthenticated: boolean;
  /** Time allowed to reach and log in to a source. @default 10000 */
  readonly connectTimeoutMs: number;
  /** Time allowed for one catalog query or preflight check. @default 30000 */
  readonly queryTimeoutMs: number;
  /** Built-in connector to serve. @default 'postgres' */
  readonly connector: string;
  /** pino level. @default 'info' */
  readonly logLevel: string;
  /** Only these targets may be reached (SOURCEGATE_ALLOWED_TARGETS); empty: any. */
  readonly allowedTargets?: readonly TargetRule[];
  /** Targets refused on top of the built-in link-local list (SOURCEGATE_DENIED_TARGETS). */
  readonly deniedTargets?: readonly TargetRule[];
  /** Source connections at once per (host, port, user). @default 5 */
  readonly maxConnectionsPerTarget?: number;
  /** Requests waiting for a connection slot, per target. @default 500 */
  readonly maxQueuedPerTarget?: number;
  /** Longest wait for a connection slot before 503. @default 5000 */
  readonly queueTimeoutMs?: number;
  /** Workflow requests in progress at once before 503. @default 512 */
  readonly maxInFlightRequests?: number;
  /** Workflow requests per caller per window before 429; 0 turns it off. @default 600 */
  readonly rateLimitMax?: number;
  /** @default 60000 */
  readonly rateLimitWindowMs?: number;
  /** Time a client has to send its headers, and then its body. @default 10000 */
  readonly headersTimeoutMs?: number;
  /** @default 15000 */
  readonly bodyTimeoutMs?: number;
  /** Time in-flight requests get to finish after SIGTERM. @default 25000 */
  readonly shutdownGraceMs?: number;
}

/**
 * Defaults of the protection settings, for configurations built in code without them.
 * loadConfig always fills them in from the environment.
 */
export const PROTECTION_DEFAULTS = Object.freeze({
  allowedTargets: [] as readonly TargetRule[],
  deniedTargets: [] as readonly TargetRule[],
  maxConnectionsPerTarget: 5,
  maxQueuedPerTarget: 500,
  queueTimeoutMs: 5_000,
  maxInFlightRequests: 512,
  rateLimitMax: 600,
  rateLimitWindowMs: 60_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 15_000,
  shutdownGraceMs: 25_000,
});

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string) => {
    const raw = (env[name] ?? '').toLowerCase();
    if (!['', 'true', 'false', '1', '0'].includes(raw)) {
      problems.push(`${name} must be true or false`);
    }
    return raw === 'true' || raw === '1';
  };

  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }

  const targets = (name: string) => {
    const parsed = parseTargetRules(env[name] ?? '', name);
    problems.push(...parsed.problems);
    return Object.freeze(parsed.rules);
  };
  const defaults = PROTECTION_DEFAULTS;

  const config: ServiceConfig = Object.freeze({
    port: integer('PORT', 8000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    apiToken: env.SOURCEGATE_API_TOKEN || undefined,
    allowUnauthenticated: flag('SOURCEGATE_ALLOW_UNAUTHENTICATED'),
    connectTimeoutMs: integer('SOURCEGATE_CONNECT_TIMEOUT_MS', 10_000, 100, 300_000),
    queryTimeoutMs: integer('SOURCEGATE_QUERY_TIMEOUT_MS', 30_000, 100, 600_000),
    connector: env.SOURCEGATE_CONNECTOR || 'postgres',
    logLevel,
    allowedTargets: targets('SOURCEGATE_ALLOWED_TARGETS'),
    deniedTargets: targets('SOURCEGATE_DENIED_TARGETS'),
    maxConnectionsPerTarget: integer('SOURCEGATE_MAX_CONNECTIONS_PER_TARGET',
      defaults.maxConnectionsPerTarget, 1, 1000),
    maxQueuedPerTarget: integer('SOURCEGATE_MAX_QUEUED_PER_TARGET',
      defaults.maxQueuedPerTarget, 0, 100_000),
    queueTimeoutMs: integer('SOURCEGATE_QUEUE_TIMEOUT_MS', defaults.queueTimeoutMs, 0, 300_000),
    maxInFlightRequests: integer('SOURCEGATE_MAX_IN_FLIGHT_REQUESTS',
      defaults.maxInFlightRequests, 1, 100_000),
    rateLimitMax: integer('SOURCEGATE_RATE_LIMIT_MAX', defaults.rateLimitMax, 0, 10_000_000),
    rateLimitWindowMs: integer('SOURCEGATE_RATE_LIMIT_WINDOW_MS', defaults.rateLimitWindowMs,
      1_000, 86_400_000),
    headersTimeoutMs: integer('SOURCEGATE_HEADERS_TIMEOUT_MS', defaults.headersTimeoutMs,
      100, 300_000),
    bodyTimeoutMs: integer('SOURCEGATE_BODY_TIMEOUT_MS', defaults.bodyTimeoutMs, 100, 300_000),
    shutdownGraceMs: integer('SOURCEGATE_SHUTDOWN_GRACE_MS', defaults.shutdownGraceMs,
      0, 600_000),
  });

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** True for addresses only this machine can reach, where running without a token is safe. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}
