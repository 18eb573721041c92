/**
 * The throughput baseline: `callers` loops, each repeating the raw probe (connect,
 * SELECT 1, end) for the run's duration, one job per IPC message.
 */
import type { BenchCredentials } from './environment.js';
import { rawProbe } from './raw-probe.js';
import { percentile } from './stats.js';
import { serveJobs } from './worker-channel.js';

/** One run: `callers` loops for `durationS` seconds, or until `amount` probes started. */
export interface RawCallersJob {
  credentials: BenchCredentials;
  callers: number;
  durationS?: number;
  amount?: number;
}

/** Completed probes, wall time of the run, their p99 and the probes that failed. */
export interface RawCallersAnswer {
  completed: number;
  elapsedS: number;
  p99Ms: number;
  failed: number;
}

serveJobs<RawCallersJob, RawCallersAnswer>(async (job) => {
  const latenciesMs: number[] = [];
  let failed = 0;
  let started = 0;
  const begin = process.hrtime.bigint();
  const endAt = Date.now() + (job.durationS ?? 2) * 1000;
  const more = () => (job.amount ? started < job.amount : Date.now() < endAt);

  const caller = async () => {
    while (more()) {
      started += 1;
      const start = process.hrtime.bigint();
      try {
        await rawProbe(job.credentials);
        latenciesMs.push(Number(process.hrtime.bigint() - start) / 1e6);
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: job.callers }, caller));

  return {
    completed: latenciesMs.length,
    elapsedS: Number(process.hrtime.bigint() - begin) / 1e9,
    p99Ms: latenciesMs.length > 0 ? percentile(latenciesMs, 99) : Number.NaN,
    failed,
  };
});
