/** Order statistics for the benchmark: median, p95 (nearest rank) and a least-squares slope. */

export interface Summary {
  n: number;
  median: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/** The nearest-rank quantile of sorted values: a value that was measured, never an interpolation. */
function nearestRank(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('nothing to summarize: no measurement was taken');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    n: sorted.length,
    median: sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
    p95: nearestRank(sorted, 0.95),
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
    min: sorted[0]!,
    max: sorted.at(-1)!,
  };
}

export interface LineFit {
  /** Change of y per unit of x. */
  slope: number;
  /** Standard deviation of the points around the line. */
  residualStd: number;
}

export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
  const n = xs.length;
  if (n < 3 || ys.length !== n) throw new Error('a line fit needs at least three points');
  const mx = xs.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  const slope = sxy / sxx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ys[i]! - (my + slope * (xs[i]! - mx))) ** 2;
  return { slope, residualStd: Math.sqrt(rss / (n - 2)) };
}
