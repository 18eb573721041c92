/** Runs autocannon against the service, one job per IPC message (see worker-channel.ts). */
import autocannon from 'autocannon';

import { serveJobs } from './worker-channel.js';

/** One load run: `connections` callers for `durationS` seconds, or `amount` requests. */
export interface CannonJob {
  url: string;
  body: string;
  connections: number;
  durationS?: number;
  amount?: number;
}

/** Answered requests (2xx), autocannon's run time, p99 and every non-2xx or error. */
export interface CannonAnswer {
  completed: number;
  elapsedS: number;
  p99Ms: number;
  failed: number;
}

serveJobs<CannonJob, CannonAnswer>(async (job) => {
  const result = await autocannon({
    url: job.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: job.body,
    connections: job.connections,
    ...(job.amount ? { amount: job.amount } : { duration: job.durationS ?? 2 }),
    timeout: 30,
  });
  return {
    completed: result['2xx'],
    // autocannon's own clock, from the first request sent to the last answer.
    elapsedS: result.duration,
    p99Ms: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
  };
});
