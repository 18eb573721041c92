import type { BenchCredentials } from './environment.js';
import { postJson } from './http-client.js';
import { rawProbe } from './raw-probe.js';
import { costRatio, medianUncertainty, summarize } from './stats.js';
import type { FigureResult } from './report.js';

export interface AuthLatencyOptions {
  serviceUrl: string;
  credentials: BenchCredentials;
  /** Measured pairs, after the warm-up. */
  pairs: number;
  warmup: number;
}

/**
 * Figure 1: one sequential caller. Each pair times one POST /workflows/v1/auth and one raw
 * probe; the order inside a pair flips every time, so neither side always follows the
 * other's garbage or the server's freshly forked backend.
 */
export async function measureAuthLatency(options: AuthLatencyOptions): Promise<FigureResult> {
  const serviceMs: number[] = [];
  const baselineMs: number[] = [];
  const viaService = () => timeAuth(options.serviceUrl, options.credentials);
  const direct = () => timed(() => rawProbe(options.credentials));

  for (let i = 0; i < options.warmup; i += 1) {
    await viaService();
    await direct();
  }
  for (let i = 0; i < options.pairs; i += 1) {
    if (i % 2 === 0) {
      serviceMs.push(await viaService());
      baselineMs.push(await direct());
    } else {
      baselineMs.push(await direct());
      serviceMs.push(await viaService());
    }
  }

  const service = summarize(serviceMs);
  const baseline = summarize(baselineMs);
  return {
    figure: '1. /auth latency, sequential',
    rows: [{
      label: 'POST /auth vs pg connect+SELECT 1+end',
      unit: 'ms',
      service,
      baseline,
      ratio: costRatio(service, baseline, 'cost'),
      uncertainty: Math.max(medianUncertainty(serviceMs), medianUncertainty(baselineMs)),
    }],
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
