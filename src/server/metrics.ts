import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { AnyConnector, OperationContext } from '../connector/connector.js';
import { OverloadedError } from '../net/connection-limiter.js';

/**
 * The service's Prometheus metrics, in a registry of its own so that two apps in one
 * process (tests, embedding) never mix or double-register their numbers. No label
 * ever holds a host, user or anything from a request body: only routes, statuses and
 * contract codes, which keeps both secrets and cardinality out.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly requests = new Counter({
    name: 'sourcegate_http_requests_total', help: 'HTTP requests answered, by route and status.',
    labelNames: ['method', 'route', 'status'] as const, registers: [this.registry],
  });

  readonly latency = new Histogram({
    name: 'sourcegate_http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its answer.',
    labelNames: ['method', 'route'] as const, registers: [this.registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });

  readonly sourceAttempts = new Counter({
    name: 'sourcegate_source_attempts_total',
    help: 'Operations against a source, by outcome: OK, a contract error code, OVERLOADED ' +
      '(no connection slot) or INTERNAL (a bug).',
    labelNames: ['connector', 'operation', 'outcome'] as const, registers: [this.registry],
  });

  readonly connectionsInFlight = new Gauge({
    name: 'sourcegate_source_connections_in_flight',
    help: 'Source connections holding a slot right now.', registers: [this.registry],
  });

  readonly connectionsQueued = new Gauge({
    name: 'sourcegate_source_connections_queued',
    help: 'Requests waiting for a source connection slot.', registers: [this.registry],
  });

  readonly requestsInFlight = new Gauge({
    name: 'sourcegate_http_requests_in_flight',
    help: 'Workflow requests being handled right now.', registers: [this.registry],
  });

  readonly refused = new Counter({
    name: 'sourcegate_requests_refused_total',
    help: 'Requests refused before any work: rate_limited (429) or overloaded (503).',
    labelNames: ['reason'] as const, registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sourcegate_' });
  }
}

/** Counts every answer and serves the registry at GET /metrics. */
export function registerMetrics(app: FastifyInstance, metrics: ServiceMetrics) {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', {
    schema: { summary: 'Prometheus metrics', tags: ['server'],
      description: 'Prometheus text format. Behind the API token when one is configured.' },
  }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

type Operation = 'auth' | 'metadata' | 'check';

/**
 * Wraps a connector so that every operation's outcome is counted and logged, also
 * when it is refused for want of a connection slot and becomes a 503. The connector
 * itself stays unaware of metrics.
 */
export function instrumentConnector(connector: AnyConnector, metrics: ServiceMetrics) {
  const observe = async <T>(operation: Operation, credentials: unknown,
    context: OperationContext, work: () => Promise<T>, outcomeOf: (value: T) => string) => {
    const { host, port } = (credentials ?? {}) as { host?: unknown; port?: unknown };
    const startedAt = Date.now();
    // One line per operation whatever the route, with the request id and connector
    // bound by the context's logger; the target names where, never with what secret.
    const finish = (outcome: string, level: 'info' | 'warn') => {
      metrics.sourceAttempts.inc({ connector: connector.name, operation, outcome });
      context.logger?.[level]({ operation, targetHost: host, targetPort: port, outcome,
        durationMs: Date.now() - startedAt }, 'source operation finished');
    };

    try {
      const value = await work();
      finish(outcomeOf(value), 'info');
      return value;
    } catch (error) {
      finish(error instanceof OverloadedError ? 'OVERLOADED' : 'INTERNAL', 'warn');
      throw error;
    }
  };
  const outcomeCode = (value: { ok: boolean; failure?: { code: string } }) =>
    value.ok ? 'OK' : value.failure?.code ?? 'SOURCE_ERROR';

  const wrapped: AnyConnector = {
    name: connector.name,
    displayName: connector.displayName,
    credentials: connector.credentials,
    testAuth: (credentials, context) => observe('auth', credentials, context,
      () => connector.testAuth(credentials, context), outcomeCode),
  };
  if (connector.fetchMetadata) {
    const fetchMetadata = connector.fetchMetadata.bind(connector);
    wrapped.fetchMetadata = (credentials, request, context) => observe('metadata', credentials,
      context, () => fetchMetadata(credentials, request, context), outcomeCode);
  }
  if (connector.preflight) {
    const preflight = connector.preflight.bind(connector);
    wrapped.preflight = (credentials, filters, context) => observe('check', credentials,
      context, () => preflight(credentials, filters, context),
      (report) => report.data.authenticationCheck?.error?.code ??
        (report.success ? 'OK' : 'CHECK_FAILED'));
  }
  return Object.freeze({ ...connector, ...wrapped });
}
