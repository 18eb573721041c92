import type { FastifyBaseLogger } from 'fastify';

import type { OperationContext } from '../connector/connector.js';
import { type HostResolver, resolveHost } from '../net/resolver.js';

export interface ContextSettings {
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  resolver: HostResolver;
}

/**
 * Builds the context of one request. A new object each time, holding nothing but
 * settings and the request's own logger, so requests cannot see each other's state.
 */
export function operationContext(
  settings: ContextSettings,
  logger: FastifyBaseLogger,
): OperationContext {
  return {
    connectTimeoutMs: settings.connectTimeoutMs,
    queryTimeoutMs: settings.queryTimeoutMs,
    resolver: settings.resolver,
    resolveTarget: (host) => resolveHost(host, settings.resolver),
    acquireConnection: async () => () => {},
    logger,
  };
}
