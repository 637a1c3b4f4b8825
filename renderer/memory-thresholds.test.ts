import { describe, expect, it } from 'vitest';
import { fillOf, memoryLevel } from './memory-thresholds';

describe('memoryLevel', () => {
  it('warns from the alert fraction on, and is critical from 95 %', () => {
    expect(memoryLevel(0.7999, 0.8)).toBe('normal');
    expect(memoryLevel(0.8, 0.8)).toBe('warning');
    expect(memoryLevel(0.9499, 0.8)).toBe('warning');
    expect(memoryLevel(0.95, 0.8)).toBe('critical');
    expect(memoryLevel(1.3, 0.8)).toBe('critical');
  });
  it('follows the user’s alert fraction', () => {
    expect(memoryLevel(0.65, 0.6)).toBe('warning');
    expect(memoryLevel(0.65, 0.7)).toBe('normal');
  });
  it('is unknown without a fraction', () => {
    expect(memoryLevel(null, 0.8)).toBe('unknown');
    expect(memoryLevel(Number.NaN, 0.8)).toBe('unknown');
  });
});

describe('fillOf', () => {
  it('fills the bar once, whatever the fraction', () => {
    expect(fillOf(0.42)).toBe(0.42);
    expect(fillOf(1.7)).toBe(1);
    expect(fillOf(-0.1)).toBe(0);
    expect(fillOf(null)).toBe(0);
  });
});
