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
}

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

  const config: ServiceConfig = Object.freeze({
    port: integer('PORT', 8000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    apiToken: env.SOURCEGATE_API_TOKEN || undefined,
    allowUnauthenticated: flag('SOURCEGATE_ALLOW_UNAUTHENTICATED'),
    connectTimeoutMs: integer('SOURCEGATE_CONNECT_TIMEOUT_MS', 10_000, 100, 300_000),
    queryTimeoutMs: integer('SOURCEGATE_QUERY_TIMEOUT_MS', 30_000, 100, 600_000),
    connector: env.SOURCEGATE_CONNECTOR || 'postgres',
    logLevel,
  });

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** True for addresses only this machine can reach, where running without a token is safe. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}
