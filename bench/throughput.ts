import { fileURLToPath } from 'node:url';

import type { CannonAnswer, CannonJob } from './autocannon-worker.js';
import type { BenchCredentials } from './environment.js';
import type { RawCallersAnswer, RawCallersJob } from './raw-callers-worker.js';
import { compareSamples, type FigureResult, type FigureRow } from './report.js';
import { startLoadWorker } from './worker-channel.js';

/** Where figure 2 sends its load, at which concurrencies, for how many rounds. */
export interface ThroughputOptions {
  serviceUrl: string;
  /** The bare Fastify server whose /auth does the raw probe: a diagnostic third side. */
  bareUrl?: string;
  credentials: BenchCredentials;
  concurrencies: readonly number[];
  /** Measured rounds per side and concurrency, alternating the sides. */
  rounds: number;
  roundS: number;
}

/** What either load generator reports about one round. */
type RoundAnswer = Pick<CannonAnswer & RawCallersAnswer, 'completed' | 'elapsedS' | 'p99Ms'
  | 'failed'>;

const CANNON = fileURLToPath(new URL('./autocannon-worker.js', import.meta.url));
const RAW_CALLERS = fileURLToPath(new URL('./raw-callers-worker.js', import.meta.url));

/**
 * Figure 2: autocannon with N connections against POST /auth, beside N raw driver
 * callers each looping connect + SELECT 1 + end. Both generators run in processes of
 * their own; rounds alternate and their order rotates, so every side shares whatever
 * else the machine is doing. With `bareUrl`, autocannon also loads a bare Fastify server
 * doing the raw probe, which splits the gap into the HTTP hop and the service's own code.
 */
export async function measureThroughput(options: ThroughputOptions): Promise<FigureResult> {
  const cannon = startLoadWorker<CannonJob, CannonAnswer>(CANNON);
  const rawCallers = startLoadWorker<RawCallersJob, RawCallersAnswer>(RAW_CALLERS);
  const body = JSON.stringify(options.credentials);
  const rows: FigureRow[] = [];
  let failed = 0;

  try {
    for (const callers of options.concurrencies) {
      const overHttp = (base: string) => (durationS: number) => cannon.run({
        url: `${base}/workflows/v1/auth`, body, connections: callers, durationS });
      const sides: Side[] = [
        overHttp(options.serviceUrl),
        (durationS) => rawCallers.run({ credentials: options.credentials, callers, durationS }),
        // One sequential caller's HTTP cost is figure 1's business; the diagnostic
        // side is for the concurrent runs, where the machine runs out of cores.
        ...(options.bareUrl && callers > 1 ? [overHttp(options.bareUrl)] : []),
      ];
      const answers = await rotate(sides, options.rounds, options.roundS);

      failed += answers.flat().reduce((sum, run) => sum + run.failed, 0);
      const [service = [], raw = [], bare] = answers;
      const who = `${callers} caller${callers === 1 ? '' : 's'}`;
      rows.push(...rowsFor(who, service, raw));
      if (bare) rows.push(...rowsFor(`${who}, vs bare Fastify + pg`, service, bare));
    }
  } finally {
    cannon.stop();
    rawCallers.stop();
  }

  return {
    figure: '2. Throughput and p99 under concurrency',
    rows,
    notes: failed > 0 ? [`${failed} requests failed or timed out during the runs.`] : [],
  };
}

/** One side of the comparison: a load run of the given length. */
type Side = (durationS: number) => Promise<RoundAnswer>;

// Long enough to open every caller's first connection and warm the JIT; not measured.
const WARM_UP_S = 0.5;

/** A short warm-up of each side, then `rounds` each, the order rotating per round. */
async function rotate(sides: Side[], rounds: number, roundS: number) {
  for (const side of sides) await side(WARM_UP_S);
  const answers: RoundAnswer[][] = sides.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    for (let turn = 0; turn < sides.length; turn += 1) {
      const index = (round + turn) % sides.length;
      answers[index]?.push(await (sides[index] as Side)(roundS));
    }
  }
  return answers;
}

function rowsFor(label: string, service: RoundAnswer[], baseline: RoundAnswer[]) {
  const rate = (run: RoundAnswer) => run.completed / run.elapsedS;
  const p99 = (run: RoundAnswer) => run.p99Ms;
  return [
    compareSamples(`${label}: throughput`, 'req/s', 'rate', service.map(rate),
      baseline.map(rate)),
    compareSamples(`${label}: p99 latency`, 'ms', 'cost', service.map(p99), baseline.map(p99)),
  ];
}
