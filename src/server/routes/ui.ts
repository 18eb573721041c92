import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** URL prefix of the page's assets; open like `/`, see OPEN_PATHS in app.ts. */
export const UI_ASSET_PREFIX = '/ui/';

/**
 * The page's files: src/ui/static when running from source, dist/src/ui/static after
 * `npm run build` (src/ui/copy-static.ts puts the same files there).
 */
export const UI_STATIC_ROOT = fileURLToPath(new URL('../../ui/static/', import.meta.url));

// Everything comes from this origin: the page works offline and nothing can be injected
// from elsewhere. The page sends credentials, so it must not be framed by another site.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** GET / (the connection-setup page) and GET /ui/* (its script and style). */
export async function registerSetupPage(app: FastifyInstance) {
  // A service without its page still answers the API; say why the page is not there.
  if (!existsSync(UI_STATIC_ROOT)) {
    app.log.warn({ root: UI_STATIC_ROOT }, 'setup page assets missing; run npm run build');
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.code(404).send({
      success: false, message: 'The setup page was not built; run npm run build' }));
    return;
  }

  await app.register(fastifyStatic, {
    root: UI_STATIC_ROOT,
    prefix: UI_ASSET_PREFIX,
    index: false,
    // The assets change with every build and are tiny; revalidating is cheap.
    cacheControl: true,
    maxAge: 0,
    setHeaders: (reply) => {
      reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      reply.header('X-Content-Type-Options', 'nosniff');
    },
  });

  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    return reply.sendFile('index.html');
  });
}
