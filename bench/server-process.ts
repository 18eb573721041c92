import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { freePort } from '../demo/embedded-postgres.js';
import { getStatus } from './http-client.js';

/** A server under test, running in its own process so it never shares the client's thread. */
export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Milliseconds from spawn to the first 200 on /server/ready. */
  readonly startMs: number;
  /** Resident set size in bytes, read from /proc. */
  rssBytes(): Promise<number>;
  stop(): Promise<void>;
}

/** `node dist/src/main.js`, the way `npm start` runs the service. */
export const SERVICE_SCRIPT = fileURLToPath(new URL('../src/main.js', import.meta.url));
/** The smallest Fastify server with the same readiness route: the cold-start baseline. */
export const BARE_SCRIPT = fileURLToPath(new URL('./bare-fastify.js', import.meta.url));

/**
 * The per-caller rate limit is off and the per-target connection cap matches the largest
 * number of concurrent callers, so the service opens as many source connections as the
 * raw baseline does. With the defaults (600 requests a minute, 5 connections per target)
 * the benchmark would measure those protections instead of the service's overhead.
 */
export const BENCH_PROTECTIONS = Object.freeze({
  SOURCEGATE_RATE_LIMIT_MAX: '0',
  SOURCEGATE_MAX_CONNECTIONS_PER_TARGET: '64',
});

const READY_POLL_MS = 2;
const READY_LIMIT_MS = 30_000;

/**
 * Spawns `node <script>` listening on a free loopback port and waits for its first 200
 * on /server/ready. Its output goes nowhere: log writing stays part of the service's cost,
 * but no terminal slows it down.
 */
export async function startServer(
  script: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port),
      SOURCEGATE_CONNECTOR: 'postgres', LOG_LEVEL: 'info', ...BENCH_PROTECTIONS, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  try {
    await waitForReady(url, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const startMs = Number(process.hrtime.bigint() - started) / 1e6;
  const pid = child.pid as number;

  return { url, pid, startMs, rssBytes: () => rssOf(pid), stop: () => stopChild(child) };
}

async function waitForReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_LIMIT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const status = await getStatus(`${url}/server/ready`).catch(() => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  throw new Error(`server at ${url} was not ready within ${READY_LIMIT_MS} ms`);
}

/** VmRSS of a process, from /proc/<pid>/status (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kilobytes) * 1024;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
