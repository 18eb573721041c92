import { BENCH_CATALOG, generateCatalog } from './catalog.js';
import type { BenchEnvironment } from './environment.js';
import { BENCH_ROLE } from './environment.js';
import { postJson } from './http-client.js';
import type { FigureResult } from './report.js';

const FIGURE = '3. /metadata and /check on a generated catalog (10,000 tables, 20 columns, ' +
  '50 schemas)';

/**
 * Figure 3: generates the catalog, then times /metadata and /check beside the same
 * catalog queries run directly. Reports the figure as missing when the service does not
 * serve those routes yet, rather than timing something else.
 */
export async function measureCatalog(
  environment: BenchEnvironment,
  serviceUrl: string,
): Promise<FigureResult> {
  const probe = await postJson(`${serviceUrl}/workflows/v1/metadata`, environment.credentials);
  if (probe.status === 404) {
    return { figure: FIGURE, rows: [], missing: 'the service has no /workflows/v1/metadata ' +
      'route on this commit (PostgreSQL metadata and preflight are not on main yet).' };
  }

  const generatedMs = await generateCatalog(environment.postgres, BENCH_CATALOG, BENCH_ROLE);
  return { figure: FIGURE, rows: [], missing: 'the catalog was generated in ' +
    `${(generatedMs / 1000).toFixed(1)} s, but timing its queries is not wired yet.` };
}
