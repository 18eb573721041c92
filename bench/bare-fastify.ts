/**
 * The baseline server: Fastify with nothing but a readiness route and an /auth route that
 * does the raw probe (connect, SELECT 1, end) with the body's credentials. It is what the
 * service would be without its own code. `pg` is loaded on the first /auth, so that cold
 * start compares the service with Fastify alone.
 */
import Fastify from 'fastify';

import type { BenchCredentials } from './environment.js';

const app = Fastify({ logger: false });

app.get('/server/ready', async () => ({ status: 'ready' }));

app.post('/workflows/v1/auth', async (request) => {
  const { rawProbe } = await import('./raw-probe.js');
  await rawProbe(request.body as BenchCredentials);
  return { success: true, message: 'Authentication successful' };
});

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
process.once('SIGTERM', () => {
  app.close().then(() => process.exit(0), () => process.exit(1));
});
