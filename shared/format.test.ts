import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatClock, formatCpu, formatFraction } from './format';

describe('formatBytes', () => {
  it.each([
    [null, '—'],
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 kB'],
    [93_708_288, '93.7 MB'],
    [999_600_000, '1.0 GB'],
    [1.3e9, '1.3 GB'],
    [12_638_031_872, '12.6 GB'],
    [99.96e6, '100 MB'],
    [4e12, '4.0 TB'],
  ])('%s → %s', (n, text) => expect(formatBytes(n)).toBe(text));
});

describe('formatFraction', () => {
  it('never rounds up onto a threshold not reached', () => {
    expect(formatFraction(0.7999)).toBe('79 %');
    expect(formatFraction(0.8)).toBe('80 %');
    expect(formatFraction(0.29)).toBe('29 %');
    expect(formatFraction(0.57)).toBe('57 %');
    expect(formatFraction(0.9499)).toBe('94 %');
    expect(formatFraction(null)).toBe('—');
  });
});

describe('formatCpu', () => {
  it('keeps a decimal for small figures', () => {
    expect(formatCpu(1.234)).toBe('1.2 %');
    expect(formatCpu(57.6)).toBe('58 %');
  });
});

describe('formatClock', () => {
  it('shows local 24-hour time', () => {
    expect(formatClock(new Date(2026, 0, 2, 3, 4, 5).toISOString())).toBe('03:04:05');
    expect(formatClock(new Date(2026, 0, 2, 23, 59, 0).toISOString())).toBe('23:59:00');
    expect(formatClock('not a date')).toBe('--:--:--');
  });
});

describe('formatAge', () => {
  it('says seconds, then minutes, then hours', () => {
    expect([0, 400, 12_000, 119_000, 120_000, 3_600_000, 7_199_000, 7_200_000, -5].map(formatAge)).toEqual([
      '0 s ago',
      '0 s ago',
      '12 s ago',
      '119 s ago',
      '2 min ago',
      '60 min ago',
      '120 min ago',
      '2 h ago',
      '0 s ago',
    ]);
  });
});
