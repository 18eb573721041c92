import { describe, expect, it } from 'vitest';

import { costRatio, medianInterval, medianUncertainty, pairedRatios, percentile, summarize }
  from '../bench/stats.js';

describe('percentile', () => {
  it('interpolates between the two closest ranks', () => {
    const values = [10, 20, 30, 40];
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 100)).toBe(40);
    expect(percentile(values, 50)).toBe(25);
    expect(percentile(values, 10)).toBeCloseTo(13, 10);
    expect(percentile(values, 90)).toBeCloseTo(37, 10);
  });

  it('does not depend on the order of the sample, nor change it', () => {
    const shuffled = [5, 1, 4, 2, 3];
    expect(percentile(shuffled, 50)).toBe(3);
    expect(shuffled).toEqual([5, 1, 4, 2, 3]);
  });

  it('sorts numerically, not as text', () => {
    expect(percentile([9, 10, 100], 50)).toBe(10);
  });

  it('refuses an empty sample and a percentile outside 0..100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('gives size, p10, median and p90', () => {
    const values = Array.from({ length: 11 }, (_, i) => i * 10);
    expect(summarize(values)).toEqual({ n: 11, p10: 10, median: 50, p90: 90 });
  });
});

describe('costRatio', () => {
  const fast = { n: 3, p10: 10, median: 20, p90: 40 };
  const slow = { n: 3, p10: 11, median: 30, p90: 40 };

  it('divides service cost by baseline cost, so above 1 means the service is slower', () => {
    expect(costRatio(slow, fast, 'cost')).toEqual({ p10: 1.1, median: 1.5, p90: 1 });
  });

  it('divides baseline rate by service rate, so above 1 still means slower', () => {
    expect(costRatio(fast, slow, 'rate')).toEqual({ p10: 1.1, median: 1.5, p90: 1 });
  });

  it('answers NaN rather than Infinity for a zero baseline', () => {
    const zero = { n: 1, p10: 0, median: 0, p90: 0 };
    expect(costRatio(fast, zero, 'cost').median).toBeNaN();
  });
});

describe('medianInterval', () => {
  it('brackets the median and narrows as the sample grows', () => {
    const small = Array.from({ length: 25 }, (_, i) => i);
    const large = Array.from({ length: 2_500 }, (_, i) => i / 100);
    const ofSmall = medianInterval(small);
    const ofLarge = medianInterval(large);

    expect(ofSmall.low).toBeLessThan(12);
    expect(ofSmall.high).toBeGreaterThan(12);
    expect(ofLarge.high - ofLarge.low).toBeLessThan(ofSmall.high - ofSmall.low);
  });

  it('stays within the sample for tiny samples', () => {
    expect(medianInterval([7])).toEqual({ low: 7, high: 7 });
    expect(medianInterval([1, 2])).toEqual({ low: 1, high: 2 });
  });

  it('is relative to the median in medianUncertainty', () => {
    expect(medianUncertainty([5, 5, 5, 5])).toBe(0);
    expect(medianUncertainty([8, 9, 10, 11, 12])).toBeGreaterThan(0);
  });
});

describe('pairedRatios', () => {
  it('divides each service run by the baseline run it was paired with', () => {
    // The machine slows down tenfold half-way; each pair's ratio stays 1.2.
    const baseline = [10, 10, 100, 100, 10];
    const service = [12, 12, 120, 120, 12];
    const paired = pairedRatios(service, baseline, 'cost');
    expect(paired.median).toBeCloseTo(1.2, 10);
    expect(paired.p10).toBeCloseTo(1.2, 10);
    expect(paired.p90).toBeCloseTo(1.2, 10);
  });

  it('inverts rates so that above 1 still means the service is slower', () => {
    expect(pairedRatios([50, 100], [100, 200], 'rate').median).toBe(2);
  });

  it('refuses samples of different sizes', () => {
    expect(() => pairedRatios([1, 2], [1], 'cost')).toThrow(RangeError);
  });
});
