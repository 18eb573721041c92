import { connect, createServer, type Socket } from 'node:net';

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testService } from './support/service.js';

const HEADERS_TIMEOUT_MS = 500;
const BODY_TIMEOUT_MS = 500;
// Node looks for expired requests once a second (connectionsCheckingInterval), so a
// cut comes at most that much after the limit; the rest is slack for a busy machine.
const CUT_WITHIN_MS = HEADERS_TIMEOUT_MS + BODY_TIMEOUT_MS + 1_000 + 1_500;

let app: FastifyInstance;
let port = 0;

beforeAll(async () => {
  ({ app } = await testService({ config: { headersTimeoutMs: HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: BODY_TIMEOUT_MS, rateLimitMax: 0 } }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => app.close());

/** A raw client that writes `first`, then one more piece every 200 ms until cut off. */
function trickle(first: string, piece: string) {
  const socket: Socket = connect(port, '127.0.0.1');
  const openedAt = Date.now();
  let received = '';
  socket.on('data', (chunk) => { received += chunk; });
  socket.on('error', () => {});
  socket.write(first);
  const timer = setInterval(() => { if (!socket.destroyed) socket.write(piece); }, 200);
  const closed = new Promise<{ afterMs: number; received: string }>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ afterMs: Date.now() - openedAt, received });
    });
  });
  return { socket, closed };
}

async function healthAnswersQuickly() {
  const started = Date.now();
  const response = await fetch(`http://127.0.0.1:${port}/server/health`);
  expect(response.status).toBe(200);
  return Date.now() - started;
}

describe('clients that send too slowly are cut off without holding others up', () => {
  it('cuts off clients that trickle their headers, while others are answered', async () => {
    const slow = Array.from({ length: 30 }, () =>
      trickle('POST /workflows/v1/auth HTTP/1.1\r\nHost: a\r\n', 'X-Slow: 1\r\n'));

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await healthAnswersQuickly()).toBeLessThan(500);

    for (const { closed } of slow) {
      const { afterMs, received } = await closed;
      expect(afterMs).toBeLessThan(CUT_WITHIN_MS);
      expect(received === '' || received.startsWith('HTTP/1.1 408')).toBe(true);
    }
  });

  it('cuts off a client that trickles its body', async () => {
    const head = 'POST /workflows/v1/auth HTTP/1.1\r\nHost: a\r\n' +
      'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{';
    const { closed } = trickle(head, ' ');

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await healthAnswersQuickly()).toBeLessThan(500);
    const { afterMs } = await closed;
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS);
    expect(afterMs).toBeLessThan(CUT_WITHIN_MS);
  });

  it('cuts off a client that connects and says nothing', async () => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => {});
    const openedAt = Date.now();
    await new Promise((resolve) => socket.on('close', resolve));
    expect(Date.now() - openedAt).toBeLessThan(CUT_WITHIN_MS);
  });

  it('leaves a request alone whose answer takes longer than the idle limit', async () => {
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const silentPort = typeof address === 'object' && address ? address.port : 0;

    const response = await fetch(`http://127.0.0.1:${port}/workflows/v1/auth`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ authType: 'basic', host: '127.0.0.1', port: silentPort,
        username: 'u', password: 'p', database: 'd' }) });
    expect(response.status).toBe(500);
    const body = await response.json() as { error: { code: string } };
    expect(body.error.code).toBe('CONNECTION_TIMEOUT');

    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('still serves a well-behaved client on a fresh connection afterwards', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/workflows/v1/auth`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(400);
  });
});
