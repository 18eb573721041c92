import { LISTED_NAMES_LIMIT } from '../src/connectors/postgres/preflight-checks.js';
import { timed } from './auth-latency.js';
import { BENCH_CATALOG, generateCatalog } from './catalog.js';
import { directCheck, directMetadataAll } from './catalog-queries.js';
import { BENCH_ROLE, type BenchEnvironment } from './environment.js';
import { postJson } from './http-client.js';
import { compareSamples, type FigureResult, type FigureRow } from './report.js';

const FIGURE = '3. /metadata and /check on a generated catalog (10,000 tables of 20 columns ' +
  'in 50 schemas)';
const TEMP_TABLE_REGEX = '^tmp_';

/** The running environment and service of figure 3, and how many pairs it times. */
export interface CatalogFigureOptions {
  environment: BenchEnvironment;
  serviceUrl: string;
  pairs: number;
}

/**
 * Figure 3: generates the catalog, then times /metadata (`type: "all"`) and /check (every
 * schema of the catalog database) beside the same catalog SQL run directly, alternating.
 * Each answer is checked against the direct one, so both sides provably did the same
 * work. Reports the figure as missing when the service lacks the routes.
 */
export async function measureCatalog(options: CatalogFigureOptions): Promise<FigureResult> {
  const { environment, serviceUrl } = options;
  const { credentials } = environment;
  const missingRoutes = await routesMissing(serviceUrl, credentials);
  if (missingRoutes.length > 0) {
    return { figure: FIGURE, rows: [], missing: `the service answers 404 on ` +
      `${missingRoutes.join(' and ')} on this commit, so there is nothing to time.` };
  }

  const generatedMs = await generateCatalog(environment.postgres, BENCH_CATALOG, BENCH_ROLE);
  const metadataBody = { ...credentials, type: 'all' };
  const checkBody = { credentials, metadata: {
    'include-filter': { [`^${BENCH_CATALOG.database}$`]: '*' },
    'exclude-filter': {},
    'temp-table-regex': TEMP_TABLE_REGEX,
  } };

  const expectedPairs = await directMetadataAll(credentials);
  const expectedTables = await directCheck(credentials, BENCH_CATALOG.database,
    TEMP_TABLE_REGEX, LISTED_NAMES_LIMIT);
  const metadata = await alternate(options.pairs,
    () => timedPost(`${serviceUrl}/workflows/v1/metadata`, metadataBody, (body) =>
      (body as { data?: unknown[] }).data?.length === expectedPairs),
    () => timed(() => directMetadataAll(credentials)));
  const check = await alternate(options.pairs,
    () => timedPost(`${serviceUrl}/workflows/v1/check`, checkBody, (body) =>
      tableCountOf(body) === expectedTables),
    () => timed(() => directCheck(credentials, BENCH_CATALOG.database, TEMP_TABLE_REGEX,
      LISTED_NAMES_LIMIT)));

  return {
    figure: FIGURE,
    rows: [
      row('/metadata type all vs the same SQL through pg', metadata),
      row('/check, all 50 schemas vs the same SQL through pg', check),
    ],
    notes: [`Catalog generated in ${(generatedMs / 1000).toFixed(1)} s; /metadata lists ` +
      `${expectedPairs} (database, schema) pairs, /check counts ${expectedTables} tables.`],
  };
}

async function routesMissing(serviceUrl: string, credentials: object): Promise<string[]> {
  const missing: string[] = [];
  for (const route of ['/workflows/v1/metadata', '/workflows/v1/check']) {
    const answer = await postJson(`${serviceUrl}${route}`, { credentials, ...credentials });
    if (answer.status === 404) missing.push(route);
  }
  return missing;
}

async function timedPost(url: string, body: unknown,
  isExpected: (answer: unknown) => boolean): Promise<number> {
  let text = '';
  let status = 0;
  const ms = await timed(async () => {
    ({ status, body: text } = await postJson(url, body));
  });
  if (status !== 200 || !isExpected(JSON.parse(text))) {
    throw new Error(`${url} answered ${status} with an unexpected body: ${text.slice(0, 300)}`);
  }
  return ms;
}

function tableCountOf(body: unknown): number | undefined {
  return (body as { data?: { tablesCheck?: { tableCount?: number } } }).data?.tablesCheck
    ?.tableCount;
}

async function alternate(pairs: number, viaService: () => Promise<number>,
  direct: () => Promise<number>) {
  await viaService();
  await direct();
  const service: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < pairs; i += 1) {
    if (i % 2 === 0) {
      service.push(await viaService());
      baseline.push(await direct());
    } else {
      baseline.push(await direct());
      service.push(await viaService());
    }
  }
  return { service, baseline };
}

function row(label: string, times: { service: number[]; baseline: number[] }): FigureRow {
  return compareSamples(label, 'ms', 'cost', times.service, times.baseline);
}
