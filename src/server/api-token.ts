import { createHash, timingSafeEqual } from 'node:crypto';

import type { FastifyReply, FastifyRequest } from 'fastify';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * An onRequest hook that lets a request through only with `Authorization: Bearer
 * <token>`. Both sides are hashed first so the comparison takes the same time whatever
 * the length or content of what was sent.
 */
export function requireBearerToken(token: string) {
  const expected = digest(token);

  return async function checkBearerToken(request: FastifyRequest, reply: FastifyReply) {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    const given = digest(match?.[1] ?? '');

    if (match === null || !timingSafeEqual(given, expected)) {
      request.log.info({ outcome: 'UNAUTHORIZED' }, 'missing or invalid api token');
      return reply.code(401).send({
        success: false,
        message: 'Missing or invalid authentication token',
      });
    }
  };
}
