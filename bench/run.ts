/**
 * `npm run bench`: starts its own PostgreSQL and the service (each server in a process of
 * its own), measures every figure against a baseline in the same run, and prints Markdown.
 * `--only=auth,throughput,catalog,cold-start,memory` runs a subset; `--quick` fewer runs.
 */
import { measureAuthLatency } from './auth-latency.js';
import { measureCatalog } from './catalog-figure.js';
import { measureColdStart } from './cold-start.js';
import { freePort } from '../demo/embedded-postgres.js';
import { type BenchEnvironment, startBenchEnvironment } from './environment.js';
import { closeHttpClients } from './http-client.js';
import { describeMachine, loadAverage } from './machine.js';
import { measureMemory } from './memory.js';
import { type FigureResult, formatReport } from './report.js';
import { BARE_SCRIPT, SERVICE_SCRIPT, type ServerProcess, startServer }
  from './server-process.js';
import { measureThroughput } from './throughput.js';

const FIGURES = ['auth', 'throughput', 'catalog', 'cold-start', 'memory'] as const;
type Figure = (typeof FIGURES)[number];

async function main() {
  const only = selectedFigures(process.argv.slice(2));
  const quick = process.argv.includes('--quick');
  const began = Date.now();
  const results: FigureResult[] = [];
  const step = (name: string) => console.error(`[bench ${elapsed(began)}] ${name}`);

  const loadBefore = loadAverage();
  step('starting PostgreSQL');
  const environment = await startBenchEnvironment();
  const servers = await startServers([SERVICE_SCRIPT, BARE_SCRIPT], environment);
  const [service, bare] = servers as [ServerProcess, ServerProcess];
  try {
    if (only.has('auth')) {
      step('figure 1: /auth latency');
      results.push(await measureAuthLatency({ serviceUrl: service.url, bareUrl: bare.url,
        credentials: environment.credentials, pairs: quick ? 60 : 150, warmup: 20 }));
    }
    if (only.has('throughput')) {
      step('figure 2: throughput');
      results.push(await measureThroughput({ serviceUrl: service.url, bareUrl: bare.url,
        credentials: environment.credentials, concurrencies: [1, 16, 64],
        rounds: quick ? 2 : 4, roundS: 1.5 }));
    }
    if (only.has('catalog')) {
      step('figure 3: catalog');
      results.push(await measureCatalog({ environment, serviceUrl: service.url,
        pairs: quick ? 6 : 12 }));
    }
    if (only.has('cold-start')) {
      step('figure 4: cold start');
      results.push(await measureColdStart(quick ? 3 : 4));
    }
    if (only.has('memory')) {
      step('figure 5: memory');
      results.push(await measureMemory({ credentials: environment.credentials,
        closedPort: await freePort(), loadS: quick ? 1.5 : 2, requests: 10_000 }));
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    closeHttpClients();
    await environment.stop();
  }

  step('done');
  console.log([...describeMachine(), `- PostgreSQL: ${environment.serverVersion} (embedded)`,
    `- Load average (1 min): ${loadBefore} before, ${loadAverage()} after`,
    `- Took: ${elapsed(began)} after the build`, ''].join('\n'));
  console.log(formatReport(results));
}

/** Starts every server or none: on a failure, whatever did start is stopped again. */
async function startServers(scripts: string[], environment: BenchEnvironment) {
  const started = await Promise.allSettled(scripts.map((script) => startServer(script)));
  const servers = started.flatMap((result) => result.status === 'fulfilled' ? [result.value] : []);
  const failure = started.find((result) => result.status === 'rejected');
  if (!failure) return servers;

  await Promise.all(servers.map((server) => server.stop()));
  await environment.stop();
  throw failure.reason;
}

function selectedFigures(args: string[]): Set<Figure> {
  const given = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
  if (!given) return new Set(FIGURES);
  const names = given.split(',');
  const unknown = names.filter((name) => !(FIGURES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown figure ${unknown.join(', ')}`);
  return new Set(names as Figure[]);
}

function elapsed(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
