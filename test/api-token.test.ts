import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';

import { postgresConnector } from '../src/connectors/postgres/index.js';
import { startService, UnsafeStartError } from '../src/service.js';
import { credentialsFor, testService } from './support/service.js';

const TOKEN = 'service-token-4d1b9c';

describe('API token', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ app } = await testService({ config: { apiToken: TOKEN } }));
  });
  afterAll(async () => app.close());

  const postAuth = (authorization?: string) => app.inject({ method: 'POST',
    url: '/workflows/v1/auth', payload: credentialsFor('u', 'p', 'd'),
    headers: authorization === undefined ? {} : { authorization } });

  it('answers the contract 401 without a token, with a wrong one, or a malformed header',
    async () => {
      for (const header of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`,
        'Bearer', '']) {
        const response = await postAuth(header);
        expect(response.statusCode, String(header)).toBe(401);
        expect(response.json()).toEqual({ success: false,
          message: 'Missing or invalid authentication token' });
      }
    });

  it('lets the right bearer token through to validation', async () => {
    const response = await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      payload: { authType: 'basic' }, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(400);
  });

  it('keeps health, readiness and the OpenAPI document open', async () => {
    for (const url of ['/server/health', '/server/ready', '/openapi.json']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
    }
  });
});

describe('starting without a token', () => {
  it('refuses a non-loopback HOST, in one line, before listening', async () => {
    const start = startService({ connector: postgresConnector,
      config: { host: '0.0.0.0', port: 0, apiToken: undefined, allowUnauthenticated: false } });
    await expect(start).rejects.toBeInstanceOf(UnsafeStartError);
    await expect(start).rejects.toThrow(/SOURCEGATE_ALLOW_UNAUTHENTICATED=true/);
  });

  it('starts on loopback without one', async () => {
    const service = await startService({ connector: postgresConnector,
      config: { host: '127.0.0.1', port: 0, apiToken: undefined, logLevel: 'silent' } });
    const response = await fetch(`${service.url}/server/ready`);
    expect(response.status).toBe(200);
    await service.close();
  });
});
