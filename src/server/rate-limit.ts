import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';

import type { ServiceMetrics } from './metrics.js';

export interface RequestLimits {
  /** Workflow requests one caller may make per window; 0 turns the limit off. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  /** Workflow requests in progress at once, over all callers. */
  maxInFlightRequests: number;
}

// Only the workflow routes do work on a caller's behalf; health, readiness, metrics
// and the documentation must keep answering while callers are being held back.
const LIMITED_PREFIX = '/workflows/';

/**
 * Holds back callers before any work is done: 429 for a caller past its share of the
 * current window, 503 when the process already handles as many requests as it may.
 * A caller is its socket's address; behind a proxy, all callers share the proxy's.
 *
 * Fixed windows shared by all callers keep the state to one counter per caller seen
 * in the current window, dropped as a whole when the window turns.
 */
export function registerRequestLimits(
  app: FastifyInstance,
  limits: RequestLimits,
  metrics: ServiceMetrics,
) {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(LIMITED_PREFIX) || !route.schema?.response) return;
    route.schema.response = { ...route.schema.response as object,
      429: refusedSchema('Too many requests from this caller; retry after Retry-After seconds.'),
      503: refusedSchema('The service or the connection slots of this target are busy; ' +
        'retry after Retry-After seconds.') };
  });

  let windowStartedAt = 0;
  let counts = new Map<string, number>();
  let inFlight = 0;

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(LIMITED_PREFIX)) return;

    if (limits.rateLimitMax > 0) {
      const now = Date.now();
      if (now - windowStartedAt >= limits.rateLimitWindowMs) {
        windowStartedAt = now - (now % limits.rateLimitWindowMs);
        counts = new Map();
      }
      const count = (counts.get(request.ip) ?? 0) + 1;
      counts.set(request.ip, count);
      if (count > limits.rateLimitMax) {
        const retryAfterMs = windowStartedAt + limits.rateLimitWindowMs - now;
        metrics.refused.inc({ reason: 'rate_limited' });
        request.log.info({ caller: request.ip, outcome: 'RATE_LIMITED' }, 'caller rate limited');
        return refuse(reply, 429, retryAfterMs,
          `Too many requests from this caller; try again in ${Math.ceil(retryAfterMs / 1000)} s.`);
      }
    }

    if (inFlight >= limits.maxInFlightRequests) {
      metrics.refused.inc({ reason: 'overloaded' });
      request.log.warn({ inFlight, outcome: 'OVERLOADED' }, 'too many requests in flight');
      return refuse(reply, 503, 1000, 'The service is busy; try again shortly.');
    }
    inFlight += 1;
    metrics.requestsInFlight.set(inFlight);
    // 'close' fires once however the exchange ends: answered, failed or abandoned.
    reply.raw.once('close', () => {
      inFlight -= 1;
      metrics.requestsInFlight.set(inFlight);
    });
  });
}

function refusedSchema(description: string) {
  return Type.Object({ success: Type.Literal(false), message: Type.String() }, { description });
}

function refuse(reply: FastifyReply, status: number, retryAfterMs: number, message: string) {
  return reply.code(status)
    .header('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))))
    .send({ success: false, message });
}

/** For the error handler: the 503 of a request refused for want of a source slot. */
export function answerOverloaded(
  request: FastifyRequest,
  reply: FastifyReply,
  error: { message: string; retryAfterSeconds: number },
  metrics: ServiceMetrics,
) {
  metrics.refused.inc({ reason: 'overloaded' });
  request.log.warn({ outcome: 'OVERLOADED' }, 'no source connection slot');
  return refuse(reply, 503, error.retryAfterSeconds * 1000, error.message);
}

/**
 * Closes a connection that has been idle for `idleMs` with no request in progress:
 * one that never sent a byte, or a kept-alive one nobody uses. Node's own timeouts
 * only start at a request's first byte, and its socket timeout alone would also cut
 * requests whose answer takes long (a slow catalog), which this leaves alone.
 */
export function closeIdleConnections(app: FastifyInstance, idleMs: number) {
  const requestsInProgress = new WeakMap<object, number>();
  app.addHook('onRequest', async (request, reply) => {
    const socket = request.raw.socket;
    requestsInProgress.set(socket, (requestsInProgress.get(socket) ?? 0) + 1);
    reply.raw.once('close', () => {
      requestsInProgress.set(socket, (requestsInProgress.get(socket) ?? 1) - 1);
    });
  });

  app.server.setTimeout(idleMs);
  // With a listener here, Node no longer destroys timed-out sockets itself.
  app.server.on('timeout', (socket: { destroy(): void }) => {
    if ((requestsInProgress.get(socket) ?? 0) === 0) socket.destroy();
  });
}
