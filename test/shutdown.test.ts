import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Built by the global setup (test/support/build-once.ts) when older than the sources.
const MAIN = 'dist/src/main.js';

/** A loopback listener that accepts and never answers, and notes when a peer hangs up. */
let silent: Server;
let silentPort = 0;
const accepted: { socket: Socket; closed: boolean }[] = [];

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing; the global setup builds it`);

  silent = createServer((socket) => {
    const entry = { socket, closed: false };
    socket.on('close', () => { entry.closed = true; });
    socket.on('error', () => {});
    // Read (and drop) what arrives, or the peer's FIN would never be noticed.
    socket.resume();
    accepted.push(entry);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  silentPort = typeof address === 'object' && address ? address.port : 0;
});

afterAll(async () => {
  for (const entry of accepted) entry.socket.destroy();
  await new Promise((resolve) => silent?.close(resolve));
});

/** Starts the built service and resolves with it and its port once it listens. */
async function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info',
      SOURCEGATE_RATE_LIMIT_MAX: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => { output += chunk; });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', () => reject(new Error(`service exited early: ${output}`)));
  });
  return { child, port, output: () => output };
}

/** POSTs a login that hangs at the silent listener; resolves with status and body. */
function postHangingLogin(port: number) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const body = JSON.stringify({ authType: 'basic', host: '127.0.0.1', port: silentPort,
      username: 'u', password: 'Shutdown-Canary-2b9f', database: 'd' });
    const outgoing = request({ host: '127.0.0.1', port, path: '/workflows/v1/auth',
      method: 'POST', agent: false, headers: { 'content-type': 'application/json' } },
    (response) => {
      let text = '';
      response.on('data', (chunk) => { text += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function exitCode(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await once(child, 'exit');
  return code as number | null;
}

async function waitFor(condition: () => boolean, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return condition();
}

describe('graceful shutdown of the real process', () => {
  it('on SIGTERM lets the request in flight finish, refuses new ones, exits 0', async () => {
    const { child, port, output } = await startProcess({ SOURCEGATE_CONNECT_TIMEOUT_MS: '1500' });
    const before = accepted.length;
    const inFlight = postHangingLogin(port);
    expect(await waitFor(() => accepted.length > before, 5_000)).toBe(true);

    const signalledAt = Date.now();
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(postHangingLogin(port)).rejects.toThrow(/ECONNREFUSED/);

    const answer = await inFlight;
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body).error.code).toBe('CONNECTION_TIMEOUT');
    expect(await exitCode(child)).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
    expect(await waitFor(() => accepted.at(-1)?.closed === true, 2_000)).toBe(true);
    expect(output()).toContain('shutting down');
    expect(output()).not.toContain('Shutdown-Canary-2b9f');
  });

  it('on SIGINT past the grace time cuts the stuck request off and still exits 0', async () => {
    const { child, port, output } = await startProcess({ SOURCEGATE_CONNECT_TIMEOUT_MS: '20000',
      SOURCEGATE_SHUTDOWN_GRACE_MS: '300' });
    const before = accepted.length;
    const inFlight = postHangingLogin(port).catch((error: Error) => error);
    expect(await waitFor(() => accepted.length > before, 5_000)).toBe(true);

    const signalledAt = Date.now();
    child.kill('SIGINT');
    expect(await exitCode(child)).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(3_000);
    expect(await inFlight).toBeInstanceOf(Error);
    expect(await waitFor(() => accepted.at(-1)?.closed === true, 2_000)).toBe(true);
    expect(output()).toContain('grace time over');
  });
});
