import { costRatio, medianUncertainty, pairedRatios, type Ratio, summarize, type Summary }
  from './stats.js';

/** One measured line: a service figure beside its baseline from the same run. */
export interface FigureRow {
  readonly label: string;
  readonly unit: 'ms' | 'req/s' | 'MB';
  readonly service: Summary;
  readonly baseline: Summary;
  readonly ratio: Ratio;
  /** Ratios of the alternating pairs, when the runs were paired. */
  readonly paired?: Summary;
  /** Relative half-width of the widest median confidence interval of the two samples. */
  readonly uncertainty?: number;
}

/**
 * One row from the raw samples of both sides. `paired` says the i-th runs of the two
 * samples ran next to each other, so their ratios mean something.
 */
export function compareSamples(label: string, unit: FigureRow['unit'], kind: 'cost' | 'rate',
  ofService: readonly number[], ofBaseline: readonly number[], paired = true): FigureRow {
  const service = summarize(ofService);
  const baseline = summarize(ofBaseline);
  return {
    label, unit, service, baseline,
    ratio: costRatio(service, baseline, kind),
    ...(paired ? { paired: pairedRatios(ofService, ofBaseline, kind) } : {}),
    uncertainty: Math.max(medianUncertainty(ofService), medianUncertainty(ofBaseline)),
  };
}

/** The outcome of one figure: its rows, or why it could not be measured. */
export interface FigureResult {
  readonly figure: string;
  readonly rows: readonly FigureRow[];
  /** Set when the figure could not be measured; says why. */
  readonly missing?: string;
  readonly notes?: readonly string[];
}

/** A ratio above this is flagged: the service may add more than noise to its baseline. */
export const RATIO_LIMIT = 1.1;

/** The results as Markdown tables, ready to paste into BENCHMARKS.md. */
export function formatReport(results: readonly FigureResult[]): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`### ${result.figure}`, '');
    if (result.missing) {
      lines.push(`Not measured: ${result.missing}`, '');
      continue;
    }
    lines.push('| measure | service median (p10..p90) | baseline median (p10..p90) ' +
      '| ratio of medians (of p10s, p90s) | paired ratios median (p10..p90) | n | ±median |',
    '|---|---|---|---|---|---|---|');
    for (const row of result.rows) lines.push(formatRow(row));
    for (const note of result.notes ?? []) lines.push('', note);
    lines.push('');
  }
  return lines.join('\n');
}

function formatRow(row: FigureRow): string {
  const { service, baseline, ratio } = row;
  const flag = ratio.median > RATIO_LIMIT ? ' **>1.10**' : '';
  const spread = row.uncertainty === undefined ? '' : `${(row.uncertainty * 100).toFixed(1)}%`;
  const paired = row.paired ? `${row.paired.median.toFixed(2)} (${row.paired.p10.toFixed(2)}..` +
    `${row.paired.p90.toFixed(2)})` : '';
  return `| ${row.label} | ${sample(service, row.unit)} | ${sample(baseline, row.unit)} ` +
    `| ${ratio.median.toFixed(2)} (${ratio.p10.toFixed(2)}, ${ratio.p90.toFixed(2)})${flag} ` +
    `| ${paired} | ${service.n}+${baseline.n} | ${spread} |`;
}

function sample(summary: Summary, unit: FigureRow['unit']): string {
  const digits = unit === 'req/s' ? 0 : unit === 'MB' ? 1 : 2;
  const show = (value: number) => value.toFixed(digits);
  return `${show(summary.median)} ${unit} (${show(summary.p10)}..${show(summary.p90)})`;
}
