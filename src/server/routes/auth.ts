import Type from 'typebox';

import type { ServiceRoutes } from '../service-routes.js';
import { BadRequestSchema, badRequest, SourceFailureSchema, sourceFailed,
  UnauthorizedSchema } from '../answers.js';

/** POST /workflows/v1/auth: are these credentials good? */
export function registerAuthRoute({ app, connector, contextFor, skipValidation }: ServiceRoutes) {
  app.post('/workflows/v1/auth', {
    validatorCompiler: skipValidation,
    schema: {
      summary: 'Test authentication',
      description: 'Checks reachability, TLS, authentication and access to the database. ' +
        'Performs no data operation.',
      tags: ['workflows'],
      body: connector.credentials.wireSchema,
      response: {
        200: Type.Object({
          success: Type.Literal(true),
          message: Type.String({ examples: ['Authentication successful'] }),
        }),
        400: BadRequestSchema,
        401: UnauthorizedSchema,
        500: SourceFailureSchema,
      },
    },
  }, async (request, reply) => {
    const parsed = connector.credentials.parse(request.body);
    if (!parsed.ok) return reply.code(400).send(badRequest(parsed.errors));

    // The outcome's log line (target and code) is written by the metrics wrapper of the
    // connector, once for every operation of every route.
    const outcome = await connector.testAuth(parsed.value, contextFor(request));
    if (outcome.ok) return reply.send({ success: true, message: outcome.value.message });
    return reply.code(500).send(sourceFailed(outcome.failure));
  });
}

/** The non-secret part of a target, for log lines. */
export function describeTarget(credentials: unknown) {
  // Also called with raw bodies, which may be null or not an object at all.
  const { host, port } = (credentials ?? {}) as { host?: unknown; port?: unknown };
  return { targetHost: typeof host === 'string' ? host : undefined,
    targetPort: typeof port === 'number' ? port : undefined };
}
