import { describe, expect, it } from 'vitest';
import { makeWorker } from '../testing/fixtures';
import { threadsText, workerMemoryText, workerMemoryValueText, workerStatusTone } from './worker-display';

describe('worker memory texts', () => {
  it('shows process memory against the limit in decimal units', () => {
    const w = makeWorker(0, null, { rssBytes: 93_110_272, memoryFraction: 0.23277568 });
    expect(workerMemoryText(w)).toBe('93.1 MB / 400 MB');
    expect(workerMemoryValueText(w)).toBe('93.1 MB of 400 MB, 23 %');
  });
  it('never rounds a fraction up onto a threshold', () => {
    const w = makeWorker(0, 0.7996);
    expect(workerMemoryValueText(w)).toBe('320 MB of 400 MB, 79 %');
  });
  it('says when Dask sets no limit, and when the limit is unknown', () => {
    expect(
      workerMemoryText(
        makeWorker(0, null, { rssBytes: 1_500_000_000, memoryLimitBytes: null, memoryLimitSource: 'dask' }),
      ),
    ).toBe('1.5 GB, no limit');
    expect(
      workerMemoryText(makeWorker(0, null, { rssBytes: 900, memoryLimitBytes: null, memoryLimitSource: null })),
    ).toBe('900 B / ?');
    expect(workerMemoryText(makeWorker(0, null, { rssBytes: null }))).toBe('— / 400 MB');
  });
});

describe('threadsText and workerStatusTone', () => {
  it('counts threads', () => {
    expect(threadsText(1)).toBe('1 thread');
    expect(threadsText(4)).toBe('4 threads');
    expect(threadsText(null)).toBe('— threads');
  });
  it('keeps Dask’s status out of class names unless it is one the stylesheet knows', () => {
    expect(workerStatusTone('running')).toBe('running');
    expect(workerStatusTone('paused')).toBe('paused');
    expect(workerStatusTone('closing" onclick="x')).toBe('other');
    expect(workerStatusTone(null)).toBe('other');
  });
});
