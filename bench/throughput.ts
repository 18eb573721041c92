import { fileURLToPath } from 'node:url';

import type { CannonAnswer, CannonJob } from './autocannon-worker.js';
import type { BenchCredentials } from './environment.js';
import type { RawCallersAnswer, RawCallersJob } from './raw-callers-worker.js';
import type { FigureResult, FigureRow } from './report.js';
import { costRatio, medianUncertainty, summarize } from './stats.js';
import { startLoadWorker } from './worker-channel.js';

export interface ThroughputOptions {
  serviceUrl: string;
  credentials: BenchCredentials;
  concurrencies: readonly number[];
  /** Measured rounds per side and concurrency, alternating service and baseline. */
  rounds: number;
  roundS: number;
}

const CANNON = fileURLToPath(new URL('./autocannon-worker.js', import.meta.url));
const RAW_CALLERS = fileURLToPath(new URL('./raw-callers-worker.js', import.meta.url));

/**
 * Figure 2: autocannon with N connections against POST /auth, beside N raw driver
 * callers each looping connect + SELECT 1 + end. Both generators run in processes of
 * their own; rounds alternate, and their order flips, so that both sides share whatever
 * else the machine is doing.
 */
export async function measureThroughput(options: ThroughputOptions): Promise<FigureResult> {
  const cannon = startLoadWorker<CannonJob, CannonAnswer>(CANNON);
  const rawCallers = startLoadWorker<RawCallersJob, RawCallersAnswer>(RAW_CALLERS);
  const body = JSON.stringify(options.credentials);
  const url = `${options.serviceUrl}/workflows/v1/auth`;
  const rows: FigureRow[] = [];
  let failed = 0;

  try {
    for (const callers of options.concurrencies) {
      const viaService = () => cannon.run({ url, body, connections: callers,
        durationS: options.roundS });
      const direct = () => rawCallers.run({ credentials: options.credentials, callers,
        durationS: options.roundS });
      const service: CannonAnswer[] = [];
      const baseline: RawCallersAnswer[] = [];

      await viaService();
      await direct();
      for (let round = 0; round < options.rounds; round += 1) {
        if (round % 2 === 0) {
          service.push(await viaService());
          baseline.push(await direct());
        } else {
          baseline.push(await direct());
          service.push(await viaService());
        }
      }

      failed += [...service, ...baseline].reduce((sum, run) => sum + run.failed, 0);
      rows.push(...rowsFor(callers, service, baseline));
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

function rowsFor(callers: number, service: CannonAnswer[], baseline: RawCallersAnswer[]) {
  const rate = (run: { completed: number; elapsedS: number }) => run.completed / run.elapsedS;
  const serviceRate = service.map(rate);
  const baselineRate = baseline.map(rate);
  const serviceP99 = service.map((run) => run.p99Ms);
  const baselineP99 = baseline.map((run) => run.p99Ms);

  const row = (label: string, unit: FigureRow['unit'], kind: 'cost' | 'rate',
    ofService: number[], ofBaseline: number[]): FigureRow => {
    const a = summarize(ofService);
    const b = summarize(ofBaseline);
    return { label, unit, service: a, baseline: b, ratio: costRatio(a, b, kind),
      uncertainty: Math.max(medianUncertainty(ofService), medianUncertainty(ofBaseline)) };
  };
  return [
    row(`${callers} callers: throughput`, 'req/s', 'rate', serviceRate, baselineRate),
    row(`${callers} callers: p99 latency`, 'ms', 'cost', serviceP99, baselineP99),
  ];
}
