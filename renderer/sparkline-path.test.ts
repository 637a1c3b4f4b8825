import { describe, expect, it } from 'vitest';
import { HISTORY_SPAN_MS } from '../shared/memory-point';
import { sparklinePath, summarizeMemory } from './sparkline-path';

const T = 1_700_000_000_000;

describe('sparklinePath', () => {
  it('draws nothing without points, and a dot for a lone one', () => {
    expect(sparklinePath([], 100, 10)).toBe('');
    expect(sparklinePath([{ t: T, bytes: 5 }], 100, 10)).toBe('M100 0h0');
  });

  it('spans the last 10 minutes left to right, from 0 to the highest value bottom to top', () => {
    const points = [
      { t: T - HISTORY_SPAN_MS, bytes: 0 },
      { t: T - HISTORY_SPAN_MS / 2, bytes: 100 },
      { t: T, bytes: 50 },
    ];
    expect(sparklinePath(points, 100, 10)).toBe('M0 10L50 0L100 5');
  });

  it('breaks the line where no cluster ran, and leaves out what is older than the span', () => {
    const points = [
      { t: T - HISTORY_SPAN_MS - 1, bytes: 999 },
      { t: T - HISTORY_SPAN_MS * 0.8, bytes: 10 },
      { t: T - HISTORY_SPAN_MS * 0.6, bytes: 10 },
      { t: T - HISTORY_SPAN_MS * 0.4, bytes: null },
      { t: T, bytes: 20 },
    ];
    expect(sparklinePath(points, 100, 10)).toBe('M20 5L40 5M100 0h0');
  });
});

describe('summarizeMemory', () => {
  it('gives the newest total and the peak of the span', () => {
    expect(summarizeMemory([])).toEqual({ now: null, peak: null });
    const points = [
      { t: T - HISTORY_SPAN_MS - 1, bytes: 999 },
      { t: T - 2000, bytes: 300 },
      { t: T - 1000, bytes: 500 },
      { t: T, bytes: null },
    ];
    expect(summarizeMemory(points)).toEqual({ now: null, peak: 500 });
  });
});
