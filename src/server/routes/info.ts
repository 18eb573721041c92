import Type from 'typebox';

import type { ServiceRoutes } from '../service-routes.js';

export interface InfoRouteOptions {
  /** Whether /workflows/* needs `Authorization: Bearer <token>`. */
  requiresToken: boolean;
}

const InfoSchema = Type.Object({
  connector: Type.String({ examples: ['postgres'] }),
  displayName: Type.String({ examples: ['PostgreSQL'] }),
  requiresToken: Type.Boolean({ description: 'Whether /workflows/* needs a bearer token.' }),
  credentialSchema: Type.Unknown({ description:
    'JSON Schema of the credential body, the one requests are validated against.' }),
  secretFields: Type.Array(Type.String(), { description:
    'Dotted paths of the fields marked writeOnly: never shown back, never logged.' }),
  operations: Type.Object({ metadata: Type.Boolean(), preflight: Type.Boolean() }),
});

/**
 * GET /server/info: what the setup page needs to draw itself for the running connector.
 * It is open like the other /server/ routes, so it tells nothing secret: the token
 * itself is never part of it, only whether one is needed.
 */
export function registerInfoRoute({ app, connector }: ServiceRoutes, options: InfoRouteOptions) {
  const info = Object.freeze({
    connector: connector.name,
    displayName: connector.displayName,
    requiresToken: options.requiresToken,
    credentialSchema: connector.credentials.schema,
    secretFields: connector.credentials.secretFields,
    operations: {
      metadata: typeof connector.fetchMetadata === 'function',
      preflight: typeof connector.preflight === 'function',
    },
  });

  app.get('/server/info', {
    schema: { summary: 'Connector and credential schema, for the setup page',
      tags: ['server'], security: [], response: { 200: InfoSchema } },
  }, async () => info);
}
