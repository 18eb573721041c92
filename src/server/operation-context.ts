import type { FastifyBaseLogger } from 'fastify';

import type { OperationContext } from '../connector/connector.js';
import type { ConnectionLimiter } from '../net/connection-limiter.js';
import { type HostResolver, resolveHost } from '../net/resolver.js';
import type { TargetPolicy } from '../net/target-policy.js';

export interface ContextSettings {
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  resolver: HostResolver;
  /** Checked on every resolved address before anything is dialled. */
  policy?: TargetPolicy;
  /** Bounds the source connections in flight per target; none means unbounded. */
  limiter?: ConnectionLimiter;
}

/**
 * Builds the context of one request. A new object each time, holding nothing but
 * settings and the request's own logger, so requests cannot see each other's state.
 */
export function operationContext(
  settings: ContextSettings,
  logger: FastifyBaseLogger,
): OperationContext {
  const { policy, limiter } = settings;
  return {
    connectTimeoutMs: settings.connectTimeoutMs,
    queryTimeoutMs: settings.queryTimeoutMs,
    resolver: settings.resolver,
    resolveTarget: async (host, port) => {
      const addresses = await resolveHost(host, settings.resolver);
      policy?.check(host, port, addresses);
      return addresses;
    },
    acquireConnection: limiter
      ? (target) => limiter.acquire(target)
      : async () => () => {},
    logger,
  };
}
