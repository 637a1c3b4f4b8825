import { describe, expect, it } from 'vitest';
import {
  BUSY_COUNTS_REFRESH_MS,
  BUSY_LINGER_MS,
  COUNTS_REFRESH_MS,
  DASK_REFRESH_MS,
  type PollScheduleInput,
  shouldFetchCounts,
  shouldPollDask,
} from './poll-schedule';

const calm: PollScheduleInput = {
  now: 10_000,
  lastPollAt: 9_000,
  lastPollOk: true,
  unmatchedWorkers: false,
  watchClosely: false,
};

describe('shouldPollDask', () => {
  it('asks at once when it has no answer yet', () => {
    expect(shouldPollDask({ ...calm, lastPollAt: null })).toBe(true);
  });
  it('asks every few seconds while all is calm', () => {
    expect(shouldPollDask(calm)).toBe(false);
    expect(shouldPollDask({ ...calm, now: 9_000 + DASK_REFRESH_MS - 1 })).toBe(false);
    expect(shouldPollDask({ ...calm, now: 9_000 + DASK_REFRESH_MS })).toBe(true);
  });
  it('asks at every sample after a failed poll, while a worker is unnamed, and near the limit or paused', () => {
    expect(shouldPollDask({ ...calm, lastPollOk: false })).toBe(true);
    expect(shouldPollDask({ ...calm, unmatchedWorkers: true })).toBe(true);
    expect(shouldPollDask({ ...calm, watchClosely: true })).toBe(true);
  });
});

describe('shouldFetchCounts', () => {
  const idle = { total: 0, processing: 0, waiting: 0, erred: 0 };
  it('fetches the task counts every few seconds while nothing runs', () => {
    expect(shouldFetchCounts(1_000, null, null)).toBe(true);
    expect(shouldFetchCounts(1_000 + COUNTS_REFRESH_MS - 1, { at: 1_000, counts: idle }, null)).toBe(false);
    expect(shouldFetchCounts(1_000 + COUNTS_REFRESH_MS, { at: 1_000, counts: idle }, null)).toBe(true);
  });
  it('fetches them at every sample while the scheduler holds tasks', () => {
    for (const counts of [
      { ...idle, total: 5, processing: 2 },
      { ...idle, total: 5, waiting: 3 },
      { ...idle, total: 1 },
    ]) {
      expect(shouldFetchCounts(1_000 + BUSY_COUNTS_REFRESH_MS - 1, { at: 1_000, counts }, 1_000)).toBe(false);
      expect(shouldFetchCounts(1_000 + BUSY_COUNTS_REFRESH_MS, { at: 1_000, counts }, 1_000)).toBe(true);
    }
  });
  it('keeps that pace for a while after the scheduler last held tasks', () => {
    const last = { at: 5_000, counts: idle };
    expect(
      shouldFetchCounts(5_000 + BUSY_COUNTS_REFRESH_MS, last, 5_000 - BUSY_LINGER_MS + BUSY_COUNTS_REFRESH_MS + 1),
    ).toBe(true);
    expect(shouldFetchCounts(5_000 + BUSY_COUNTS_REFRESH_MS, last, 5_000 - BUSY_LINGER_MS)).toBe(false);
  });
});
