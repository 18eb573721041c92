import { fileURLToPath } from 'node:url';

import type { CannonAnswer, CannonJob } from './autocannon-worker.js';
import type { BenchCredentials } from './environment.js';
import { postJson } from './http-client.js';
import { compareSamples, type FigureResult, type FigureRow } from './report.js';
import { BARE_SCRIPT, SERVICE_SCRIPT, type ServerProcess, startServer } from './server-process.js';
import { type LoadWorker, startLoadWorker } from './worker-channel.js';

/** Credentials, the closed port for the fast requests, and the sizes of the phases. */
export interface MemoryOptions {
  credentials: BenchCredentials;
  /** A loopback port where nothing listens: the fast path for the 10,000 requests. */
  closedPort: number;
  loadS: number;
  requests: number;
}

const CANNON = fileURLToPath(new URL('./autocannon-worker.js', import.meta.url));
const SAMPLE_EVERY_MS = 100;
const IDLE_SAMPLES = 10;
const MB = 1024 * 1024;

type Phase = 'idle' | 'load' | 'after';

/**
 * Figure 5: resident memory of the service beside the bare Fastify server doing the raw
 * probe, both fresh processes side by side. Idle is after ten warm-up requests and a
 * quiet second; "under 64 callers" samples during a timed autocannon run of real /auth
 * requests; "after" follows a further `requests` requests. Those go to a closed port, so
 * they cost the server its whole request path (parse, resolve, connect attempt, classify,
 * log, answer) yet fit in the run's time; real logins are what figures 1 and 2 measure.
 */
export async function measureMemory(options: MemoryOptions): Promise<FigureResult> {
  const cannon = startLoadWorker<CannonJob, CannonAnswer>(CANNON);
  const service = await startServer(SERVICE_SCRIPT);
  const baseline = await startServer(BARE_SCRIPT);
  const sides = [
    { server: service, samples: emptyPhases() },
    { server: baseline, samples: emptyPhases() },
  ] as const;

  try {
    // Phase by phase, service then baseline, so both see the same moments of the machine.
    for (const side of sides) await warmUp(side.server, options);
    await sleep(1_000);
    for (const side of sides) await sampleQuietly(side.server, side.samples.idle);
    for (const side of sides) await sampleUnderLoad(side.server, options, cannon, side.samples);
    for (const side of sides) await sendRefused(side.server, options, cannon);
    await sleep(1_000);
    for (const side of sides) await sampleQuietly(side.server, side.samples.after);
  } finally {
    cannon.stop();
    await service.stop();
    await baseline.stop();
  }

  const label = { idle: 'RSS idle', load: 'RSS under 64 callers',
    after: `RSS after ${options.requests.toLocaleString('en')} more requests` };
  const rows: FigureRow[] = (['idle', 'load', 'after'] as const).map((phase) => {
    // Samples of a phase are taken one process after the other, not in pairs.
    const inMb = (side: (typeof sides)[number]) => side.samples[phase].map((bytes) => bytes / MB);
    return compareSamples(label[phase], 'MB', 'cost', inMb(sides[0]), inMb(sides[1]), false);
  });
  return { figure: '5. Memory (resident set size of the server process)', rows };
}

async function warmUp(server: ServerProcess, options: MemoryOptions) {
  const url = `${server.url}/workflows/v1/auth`;
  for (let i = 0; i < 10; i += 1) await postJson(url, options.credentials);
}

async function sampleQuietly(server: ServerProcess, into: number[]) {
  for (let i = 0; i < IDLE_SAMPLES; i += 1) {
    into.push(await server.rssBytes());
    await sleep(SAMPLE_EVERY_MS);
  }
}

async function sampleUnderLoad(server: ServerProcess, options: MemoryOptions,
  cannon: LoadWorker<CannonJob, CannonAnswer>, samples: Record<Phase, number[]>) {
  const load = cannon.run({ url: `${server.url}/workflows/v1/auth`,
    body: JSON.stringify(options.credentials), connections: 64, durationS: options.loadS });
  let finished = false;
  const settled = load.then(() => { finished = true; }, () => { finished = true; });
  while (!finished) {
    samples.load.push(await server.rssBytes());
    await sleep(SAMPLE_EVERY_MS);
  }
  await settled;
  const answer = await load;
  if (answer.failed > 0) throw new Error(`${answer.failed} /auth requests failed under load`);
}

async function sendRefused(server: ServerProcess, options: MemoryOptions,
  cannon: LoadWorker<CannonJob, CannonAnswer>) {
  const body = JSON.stringify({ ...options.credentials, port: options.closedPort });
  await cannon.run({ url: `${server.url}/workflows/v1/auth`, body, connections: 64,
    amount: options.requests });
}

function emptyPhases(): Record<Phase, number[]> {
  return { idle: [], load: [], after: [] };
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
