import { createServer, type Server, type Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testService } from './support/service.js';

/** A TCP listener on loopback that accepts and never answers: every login hangs. */
let silent: Server;
let silentPort = 0;
const sockets: Socket[] = [];

beforeAll(async () => {
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  silentPort = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

const hangingLogin = () => ({ authType: 'basic', host: '127.0.0.1', port: silentPort,
  username: 'limits_user', password: 'Limits-Canary-88e0', database: 'db' });

describe('connection slots per target', () => {
  it('answers 503 with Retry-After when no slot frees before the queue timeout', async () => {
    const { app, logs } = await testService({ config: { maxConnectionsPerTarget: 1,
      queueTimeoutMs: 300, connectTimeoutMs: 1_500, rateLimitMax: 0 } });
    const started = Date.now();
    const [first, second] = await Promise.all([
      app.inject({ method: 'POST', url: '/workflows/v1/auth', payload: hangingLogin() }),
      app.inject({ method: 'POST', url: '/workflows/v1/auth', payload: hangingLogin() }),
    ]);
    await app.close();

    expect(first.json().error.code).toBe('CONNECTION_TIMEOUT');
    expect(second.statusCode).toBe(503);
    expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(second.json()).toMatchObject({ success: false });
    expect(Date.now() - started).toBeLessThan(3_000);
    const refusal = logs.records().find((record) => record.outcome === 'OVERLOADED');
    expect(refusal).toMatchObject({ targetHost: '127.0.0.1', connector: 'postgres' });
    expect(refusal?.reqId).toBeTruthy();
    expect(logs.text()).not.toContain('Limits-Canary-88e0');
  });

  it('refuses at once when the queue is full, without waiting', async () => {
    const { app } = await testService({ config: { maxConnectionsPerTarget: 1,
      maxQueuedPerTarget: 0, queueTimeoutMs: 5_000, connectTimeoutMs: 1_000, rateLimitMax: 0 } });
    const first = app.inject({ method: 'POST', url: '/workflows/v1/auth',
      payload: hangingLogin() });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const started = Date.now();
    const second = await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      payload: hangingLogin() });
    expect(Date.now() - started).toBeLessThan(500);
    expect(second.statusCode).toBe(503);
    expect((await first).json().error.code).toBe('CONNECTION_TIMEOUT');
    await app.close();
  });

  it.each([
    ['/workflows/v1/metadata', (body: object) => body],
    ['/workflows/v1/check', (body: object) => ({ credentials: body, metadata: {} })],
  ])('answers 503 on %s too when no slot is free', async (url, wrap) => {
    const { app } = await testService({ config: { maxConnectionsPerTarget: 1,
      maxQueuedPerTarget: 0, connectTimeoutMs: 1_000, rateLimitMax: 0 } });
    const first = app.inject({ method: 'POST', url, payload: wrap(hangingLogin()) });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const second = await app.inject({ method: 'POST', url, payload: wrap(hangingLogin()) });
    expect(second.statusCode, second.body).toBe(503);
    expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await first).statusCode).not.toBe(503);
    await app.close();
  });

  it('keeps other targets moving while one is saturated', async () => {
    const { app } = await testService({ config: { maxConnectionsPerTarget: 1,
      maxQueuedPerTarget: 0, connectTimeoutMs: 1_000, rateLimitMax: 0 } });
    const first = app.inject({ method: 'POST', url: '/workflows/v1/auth',
      payload: hangingLogin() });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const otherUser = await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      payload: { ...hangingLogin(), username: 'someone_else' } });
    expect(otherUser.json().error.code).toBe('CONNECTION_TIMEOUT');
    await first;
    await app.close();
  });
});

describe('requests in flight and per caller', () => {
  it('answers 503 with Retry-After past the in-flight cap; health still answers', async () => {
    const { app } = await testService({ config: { maxInFlightRequests: 2,
      connectTimeoutMs: 800, rateLimitMax: 0 } });
    const hanging = [1, 2].map(() =>
      app.inject({ method: 'POST', url: '/workflows/v1/auth', payload: hangingLogin() }));
    await new Promise((resolve) => setTimeout(resolve, 100));

    const third = await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      payload: hangingLogin() });
    expect(third.statusCode).toBe(503);
    expect(third.headers['retry-after']).toBe('1');
    expect((await app.inject({ method: 'GET', url: '/server/health' })).statusCode).toBe(200);

    for (const response of await Promise.all(hanging)) expect(response.statusCode).toBe(500);
    const after = await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      payload: hangingLogin() });
    expect(after.json().error.code).toBe('CONNECTION_TIMEOUT');
    await app.close();
  });

  it('answers 429 with Retry-After past the per-caller rate, never for /server/*', async () => {
    const { app } = await testService({ config: { rateLimitMax: 3, rateLimitWindowMs: 60_000 } });
    const post = () => app.inject({ method: 'POST', url: '/workflows/v1/auth',
      payload: { authType: 'basic' } });
    const statuses = [];
    for (let index = 0; index < 5; index += 1) statuses.push((await post()).statusCode);
    expect(statuses).toEqual([400, 400, 400, 429, 429]);

    const limited = await post();
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.json()).toMatchObject({ success: false });
    for (let index = 0; index < 10; index += 1) {
      expect((await app.inject({ method: 'GET', url: '/server/health' })).statusCode).toBe(200);
    }

    const otherCaller = await app.inject({ method: 'POST', url: '/workflows/v1/auth',
      remoteAddress: '127.0.0.9', payload: { authType: 'basic' } });
    expect(otherCaller.statusCode).toBe(400);
    await app.close();
  });

  it('lets a caller in again once the window has turned', async () => {
    const { app } = await testService({ config: { rateLimitMax: 1, rateLimitWindowMs: 1_000 } });
    const post = () => app.inject({ method: 'POST', url: '/workflows/v1/auth', payload: {} });
    await post();
    expect((await post()).statusCode).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await post()).statusCode).toBe(400);
    await app.close();
  });
});
