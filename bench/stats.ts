/**
 * The arithmetic of the benchmark: percentiles of a sample, and the ratio of a service
 * figure to its baseline. Pure functions, so they have unit tests of their own.
 */

/** Median, 10th and 90th percentile of one sample, with its size. */
export interface Summary {
  readonly n: number;
  readonly p10: number;
  readonly median: number;
  readonly p90: number;
}

/** How much a service figure costs next to its baseline at median, p10 and p90. */
export interface Ratio {
  readonly p10: number;
  readonly median: number;
  readonly p90: number;
}

/**
 * The `p`-th percentile (0..100) of `values`, interpolating linearly between the two
 * closest ranks (the "R-7" rule that spreadsheets and numpy use by default), so that
 * small samples do not jump from one observation to the next.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty sample');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is not within 0..100`);

  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (rank - below);
}

/** Median, p10 and p90 of a sample. */
export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    p10: percentile(values, 10),
    median: percentile(values, 50),
    p90: percentile(values, 90),
  };
}

/**
 * Service cost divided by baseline cost, so that above 1 always means "the service is
 * slower or bigger". For a cost (time, bytes) that is service / baseline; for a rate
 * (requests per second) it is baseline / service, and the rate's p10 is its worst end,
 * which is paired with the baseline's p10 so each column compares like with like.
 */
export function costRatio(service: Summary, baseline: Summary, kind: 'cost' | 'rate'): Ratio {
  const divide = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
  if (kind === 'cost') {
    return {
      p10: divide(service.p10, baseline.p10),
      median: divide(service.median, baseline.median),
      p90: divide(service.p90, baseline.p90),
    };
  }
  return {
    p10: divide(baseline.p10, service.p10),
    median: divide(baseline.median, service.median),
    p90: divide(baseline.p90, service.p90),
  };
}

/**
 * Ranks (1-based) bounding a distribution-free ~95% confidence interval of the median:
 * the number of observations below the median is Binomial(n, 1/2), so its normal
 * approximation gives n/2 ± 0.98·√n. Used to say whether a run took enough samples.
 */
export function medianInterval(values: readonly number[]): { low: number; high: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) throw new RangeError('median interval of an empty sample');

  const half = 0.98 * Math.sqrt(n);
  const lowRank = Math.max(1, Math.floor(n / 2 - half));
  const highRank = Math.min(n, Math.ceil(n / 2 + 1 + half));
  return { low: sorted[lowRank - 1] as number, high: sorted[highRank - 1] as number };
}

/** Half the width of the median's confidence interval, relative to the median. */
export function medianUncertainty(values: readonly number[]): number {
  const { low, high } = medianInterval(values);
  const median = percentile(values, 50);
  return median === 0 ? 0 : (high - low) / 2 / median;
}

/**
 * The ratio of each alternating pair (the i-th service run with the i-th baseline run),
 * summarized. Both runs of a pair met the same moment of the machine, so slow swings in
 * its load cancel out of each pair's ratio; the median of those ratios is steadier on a
 * shared machine than the ratio of the two medians. Orientation as in costRatio.
 */
export function pairedRatios(service: readonly number[], baseline: readonly number[],
  kind: 'cost' | 'rate'): Summary {
  if (service.length !== baseline.length) {
    throw new RangeError(`unpaired samples: ${service.length} and ${baseline.length} runs`);
  }
  const ratios = service.map((ofService, i) => {
    const ofBaseline = baseline[i] as number;
    return kind === 'cost' ? ofService / ofBaseline : ofBaseline / ofService;
  });
  return summarize(ratios.filter((ratio) => Number.isFinite(ratio)));
}
