import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';

import type { AnyConnector, OperationContext } from '../connector/connector.js';

/** What every route module is given: the app, the one connector, and its helpers. */
export interface ServiceRoutes {
  app: FastifyInstance;
  connector: AnyConnector;
  contextFor(request: FastifyRequest): OperationContext;
  /**
   * The route schemas document the wire format; the connector's own parser checks the
   * body, so that schema errors and semantic errors (PEM, host names) come in one 400.
   */
  skipValidation: FastifySchemaCompiler<unknown>;
}
