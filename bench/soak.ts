/**
 * Overload and soak figures for BENCHMARKS.md. Starts its own PostgreSQL with
 * max_connections=20 and the service in this process (real HTTP on loopback), then:
 *
 * 1. overload: 300 concurrent POST /workflows/v1/auth, counting answers by status and
 *    the most backends the role ever held;
 * 2. soak: 10,000 requests (9 in 10 good, 1 in 10 a wrong password) from 32 callers,
 *    counting answers, source logins and peak backends, with the heap and RSS measured
 *    before and after (after a forced GC each time).
 *
 * Run: `npx tsc -p tsconfig.build.json && node --expose-gc dist/bench/soak.js`
 * (`--requests=N` and `--callers=N` change the soak's size). Prints Markdown.
 */
import { startEmbeddedPostgres } from '../demo/embedded-postgres.js';
import { PROTECTION_DEFAULTS, loadConfig } from '../src/config.js';
import { postgresConnector } from '../src/connectors/postgres/index.js';
import { buildService } from '../src/server/app.js';

const argument = (name: string, fallback: number) => {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given ? Number(given.split('=')[1]) : fallback;
};
const SOAK_REQUESTS = argument('requests', 10_000);
const CALLERS = argument('callers', 32);
const BURST = 300;
const ROLE = 'soak_user';
const PASSWORD = 'Soak-Password-5d21';

async function main() {
  const postgres = await startEmbeddedPostgres({ postgresFlags: ['-c', 'max_connections=20'] });
  const admin = await postgres.admin();
  await admin.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}'`);
  await admin.query('CREATE DATABASE soak_db');

  const config = { ...loadConfig({}), port: 0, logLevel: 'error', rateLimitMax: 0 };
  const app = await buildService({ connector: postgresConnector, config });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const body = (password: string) => JSON.stringify({ authType: 'basic',
    host: postgres.host, port: postgres.port, username: ROLE, password, database: 'soak_db' });
  const post = async (password = PASSWORD) => {
    const response = await fetch(`${url}/workflows/v1/auth`, { method: 'POST',
      headers: { 'content-type': 'application/json' }, body: body(password) });
    await response.arrayBuffer();
    return response.status;
  };

  let peakBackends = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await admin.query(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1', [ROLE]);
      peakBackends = Math.max(peakBackends, rows[0].n as number);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();

  try {
    const burstStarted = Date.now();
    const burst = tally(await Promise.all(Array.from({ length: BURST }, () => post())));
    const burstMs = Date.now() - burstStarted;
    const burstPeak = peakBackends;

    for (let index = 0; index < 200; index += 1) await post();
    const before = memory();
    peakBackends = 0;
    const loginsBefore = await logins(url);

    let next = 0;
    const statuses: number[] = [];
    const soakStarted = Date.now();
    await Promise.all(Array.from({ length: CALLERS }, async () => {
      while (next < SOAK_REQUESTS) {
        next += 1;
        statuses.push(await post(next % 10 === 0 ? 'wrong-password' : PASSWORD));
      }
    }));
    const soakMs = Date.now() - soakStarted;
    const after = memory();
    const soakLogins = (await logins(url)) - loginsBefore;

    console.log(report({ burst, burstMs, burstPeak, soak: tally(statuses), soakMs,
      soakLogins, soakPeak: peakBackends, before, after }));
  } finally {
    sampling = false;
    await sampler;
    await app.close();
    await admin.end();
    await postgres.stop();
  }
}

function tally(statuses: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMb: rss / 2 ** 20, heapMb: heapUsed / 2 ** 20 };
}

/** Source operations the service counted, from its own /metrics. */
async function logins(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text.split('\n').filter((line) => line.startsWith('sourcegate_source_attempts_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

function report(figures: {
  burst: Record<string, number>; burstMs: number; burstPeak: number;
  soak: Record<string, number>; soakMs: number; soakLogins: number; soakPeak: number;
  before: { rssMb: number; heapMb: number }; after: { rssMb: number; heapMb: number };
}) {
  const { burst, soak, before, after } = figures;
  const mb = (value: number) => `${value.toFixed(1)} MB`;
  const gc = (globalThis as { gc?: unknown }).gc ? 'after a forced GC' : 'no --expose-gc';
  return [
    '## Overload and soak (bench/soak.ts)',
    '',
    `PostgreSQL with max_connections=20; service defaults (${PROTECTION_DEFAULTS
      .maxConnectionsPerTarget} connections per target, queue ${PROTECTION_DEFAULTS
      .maxQueuedPerTarget}, queue timeout ${PROTECTION_DEFAULTS.queueTimeoutMs} ms).`,
    '',
    '| figure | value |',
    '| --- | --- |',
    `| burst: ${BURST} concurrent /auth, answers by status | ${JSON.stringify(burst)} |`,
    `| burst: time to answer all | ${figures.burstMs} ms |`,
    `| burst: most backends held by the role | ${figures.burstPeak} |`,
    `| soak: requests (${CALLERS} callers, 1 in 10 wrong password) | ${SOAK_REQUESTS} |`,
    `| soak: answers by status | ${JSON.stringify(soak)} |`,
    `| soak: time, rate | ${figures.soakMs} ms, ` +
      `${(SOAK_REQUESTS / (figures.soakMs / 1000)).toFixed(0)} req/s |`,
    `| soak: source logins made / most backends at once | ${figures.soakLogins} / ` +
      `${figures.soakPeak} |`,
    `| memory before soak (${gc}): RSS, heap | ${mb(before.rssMb)}, ${mb(before.heapMb)} |`,
    `| memory after soak (${gc}): RSS, heap | ${mb(after.rssMb)}, ${mb(after.heapMb)} |`,
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
