import { randomUUID } from 'node:crypto';

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyError } from 'fastify';

import { PROTECTION_DEFAULTS, type ServiceConfig } from '../config.js';
import type { AnyConnector } from '../connector/connector.js';
import { ConnectionLimiter, OverloadedError } from '../net/connection-limiter.js';
import { type HostResolver, systemResolver } from '../net/resolver.js';
import { TargetPolicy } from '../net/target-policy.js';
import { badRequest } from './answers.js';
import { requireBearerToken } from './api-token.js';
import { instrumentConnector, registerMetrics, ServiceMetrics } from './metrics.js';
import { operationContext } from './operation-context.js';
import { registerAuthRoute } from './routes/auth.js';
import { registerCheckRoute } from './routes/check.js';
import { registerInfoRoute } from './routes/info.js';
import { registerMetadataRoute } from './routes/metadata.js';
import { registerServerRoutes } from './routes/server.js';
import { registerSetupPage, UI_ASSET_PREFIX } from './routes/ui.js';
import { answerOverloaded, closeIdleConnections, registerRequestLimits } from
  './rate-limit.js';
import type { ServiceRoutes } from './service-routes.js';

export interface ServiceOptions {
  connector: AnyConnector;
  config: ServiceConfig;
  /** A pino logger; by default one is made at `config.logLevel`. */
  logger?: FastifyBaseLogger;
  /** Host name resolution; tests inject one so they never ask the machine's DNS. */
  resolver?: HostResolver;
}

// Generous for PEM bundles, small enough that no body can hurt the process.
const BODY_LIMIT_BYTES = 256 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Paths that are never behind the API token (the setup page asks for it itself). */
const OPEN_PATHS = ['/server/', '/openapi.json', '/docs', UI_ASSET_PREFIX];
const isSetupPage = (url: string) => url === '/' || url.startsWith('/?');

/**
 * Builds the Fastify app of one connector: the three workflow routes, the service
 * routes, the OpenAPI document and the API reference page. It does not listen.
 */
export async function buildService(options: ServiceOptions): Promise<FastifyInstance> {
  const { config } = options;
  const protection = { ...PROTECTION_DEFAULTS, ...config };
  const metrics = new ServiceMetrics();
  const connector = instrumentConnector(options.connector, metrics);
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: loggerOptions(config) }),
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Slow clients: headers must arrive within headersTimeoutMs and the whole request
    // within that plus bodyTimeoutMs, checked every second (Node checks every 30 s by
    // default), so a trickling client cannot hold a socket for long.
    requestTimeout: protection.headersTimeoutMs + protection.bodyTimeoutMs,
    http: { headersTimeout: protection.headersTimeoutMs, connectionsCheckingInterval: 1_000 },
    // Idle sockets only: see closeIdleConnections, which spares requests in progress.
    connectionTimeout: protection.headersTimeoutMs,
    ajv: { customOptions: { allErrors: true } },
    // The request's one child logger names the connector, so contextFor need not make a
    // second child per request: that took about 2% of a refused /auth's CPU (bench profile).
    childLoggerFactory: (logger, bindings, childOptions) =>
      logger.child({ ...bindings, connector: connector.name }, childOptions),
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler(function answerError(error: FastifyError, request, reply) {
    if (error instanceof OverloadedError) return answerOverloaded(request, reply, error, metrics);
    return answerUnexpected.call(this, error, request, reply);
  });
  registerRequestLimits(app, protection, metrics);
  closeIdleConnections(app, protection.headersTimeoutMs);
  // Only JSON is spoken here; any other body type is answered 415 by Fastify.
  app.removeContentTypeParser('text/plain');
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ success: false, message: `No route ${request.method} ${request.url}` });
  });

  if (config.apiToken) {
    const checkToken = requireBearerToken(config.apiToken);
    app.addHook('onRequest', async (request, reply) => {
      if (isSetupPage(request.url)) return;
      if (OPEN_PATHS.some((path) => request.url.startsWith(path))) return;
      await checkToken(request, reply);
    });
  }

  await registerDocumentation(app, connector);
  registerMetrics(app, metrics);

  const settings = {
    connectTimeoutMs: config.connectTimeoutMs,
    queryTimeoutMs: config.queryTimeoutMs,
    resolver: options.resolver ?? systemResolver,
    policy: new TargetPolicy(protection.allowedTargets, protection.deniedTargets),
    limiter: new ConnectionLimiter({
      maxPerTarget: protection.maxConnectionsPerTarget,
      maxQueuedPerTarget: protection.maxQueuedPerTarget,
      maxWaitMs: protection.queueTimeoutMs,
      onChange: (inFlight, queued) => {
        metrics.connectionsInFlight.set(inFlight);
        metrics.connectionsQueued.set(queued);
      },
    }),
  };
  const routes: ServiceRoutes = {
    app,
    connector,
    contextFor: (request) => operationContext(settings, request.log),
    skipValidation: () => () => true,
  };
  registerServerRoutes(routes);
  registerInfoRoute(routes, { requiresToken: Boolean(config.apiToken) });
  await registerSetupPage(app);
  registerAuthRoute(routes);
  registerMetadataRoute(routes);
  registerCheckRoute(routes);

  return app;
}

function loggerOptions(config: ServiceConfig) {
  return {
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  };
}

async function registerDocumentation(app: FastifyInstance, connector: AnyConnector) {
  await app.register(swagger, {
    openapi: {
      info: {
        title: `Sourcegate: ${connector.displayName} connector`,
        version: '1',
        description: 'Credential validation, metadata and preflight checks for ' +
          `${connector.displayName}. Error codes: see docs/error-codes.md.`,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/**
 * Errors raised by Fastify itself (bad JSON, wrong content type, body too large) keep
 * their 4xx status with the contract's body. The parser's message is not passed on: it
 * quotes the body, which may hold a password. Anything else is a bug: logged with its
 * stack, answered with 500 and the request id only.
 */
function answerUnexpected(
  this: FastifyInstance,
  error: FastifyError,
  request: Parameters<Parameters<FastifyInstance['setErrorHandler']>[0]>[1],
  reply: Parameters<Parameters<FastifyInstance['setErrorHandler']>[0]>[2],
) {
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    request.log.info({ code: error.code, status }, 'request refused');
    return reply.code(status).send(clientErrorBody(error, status));
  }

  request.log.error({ err: error }, 'unexpected error');
  // Plain JSON: the route's 500 schema describes source failures, which this is not,
  // and failing to serialise it would turn a bug into a second, unreadable error.
  return reply.code(500).serializer(JSON.stringify).send({
    success: false,
    message: `Internal error; quote request id ${request.id} when reporting it.`,
  });
}

function clientErrorBody(error: FastifyError, status: number) {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest([{ field: 'body', message: 'must be a valid JSON object' }]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { success: false, message: `Body is larger than ${BODY_LIMIT_BYTES} bytes` };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { success: false, message: 'Content-Type must be application/json' };
  }
  if (error.message.includes('__proto__') || error.message.includes('constructor')) {
    return badRequest([{ field: 'body',
      message: 'must not contain __proto__ or constructor keys' }]);
  }
  if (status === 400) return badRequest([{ field: 'body', message: 'is not a valid request' }]);
  return { success: false, message: error.message };
}
