import Type from 'typebox';

import type { ServiceRoutes } from '../service-routes.js';

const Status = Type.Object({ status: Type.String() });

/** Liveness and readiness, never behind the API token. */
export function registerServerRoutes({ app }: ServiceRoutes) {
  app.get('/server/health', {
    schema: { summary: 'Process is up', tags: ['server'], security: [],
      response: { 200: Status } },
  }, async () => ({ status: 'ok' }));

  app.get('/server/ready', {
    schema: { summary: 'Ready to take traffic', tags: ['server'], security: [],
      response: { 200: Status, 503: Status } },
  }, async () => ({ status: 'ready' }));
}
