import type { BenchCredentials } from './environment.js';
import { postJson } from './http-client.js';
import { rawProbe } from './raw-probe.js';
import { compareSamples, type FigureResult } from './report.js';

/** Where figure 1 sends its requests, and how many rounds it times. */
export interface AuthLatencyOptions {
  serviceUrl: string;
  /** The bare Fastify server doing the raw probe: a diagnostic side for the HTTP hop. */
  bareUrl?: string;
  credentials: BenchCredentials;
  /** Measured runs of each side, after the warm-up. */
  pairs: number;
  warmup: number;
}

/**
 * Figure 1: one sequential caller. Each round times one POST /workflows/v1/auth, one raw
 * probe and, with `bareUrl`, one POST to the bare server; the order rotates every round,
 * so no side always follows another's garbage or the server's freshly forked backend.
 */
export async function measureAuthLatency(options: AuthLatencyOptions): Promise<FigureResult> {
  const sides = [
    () => timeAuth(options.serviceUrl, options.credentials),
    () => timed(() => rawProbe(options.credentials)),
    ...(options.bareUrl ? [() => timeAuth(options.bareUrl as string, options.credentials)] : []),
  ];
  const times: number[][] = sides.map(() => []);

  for (let i = 0; i < options.warmup; i += 1) {
    for (const side of sides) await side();
  }
  for (let round = 0; round < options.pairs; round += 1) {
    for (let turn = 0; turn < sides.length; turn += 1) {
      const index = (round + turn) % sides.length;
      times[index]?.push(await (sides[index] as () => Promise<number>)());
    }
  }

  const [service = [], raw = [], bare] = times;
  return {
    figure: '1. /auth latency, sequential',
    rows: [
      compareSamples('POST /auth vs pg connect+SELECT 1+end', 'ms', 'cost', service, raw),
      ...(bare ? [compareSamples('POST /auth vs the same POST to bare Fastify + pg', 'ms',
        'cost', service, bare)] : []),
    ],
  };
}

async function timeAuth(url: string, credentials: BenchCredentials): Promise<number> {
  let status = 0;
  const ms = await timed(async () => {
    status = (await postJson(`${url}/workflows/v1/auth`, credentials)).status;
  });
  if (status !== 200) throw new Error(`/auth answered ${status} during the benchmark`);
  return ms;
}

/** Wall time of one call in milliseconds. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
