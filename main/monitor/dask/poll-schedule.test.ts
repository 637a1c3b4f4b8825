import { describe, expect, it } from 'vitest';
import { DASK_REFRESH_MS, type PollScheduleInput, shouldFetchCounts, shouldPollDask } from './poll-schedule';

const calm: PollScheduleInput = {
  now: 10_000,
  lastPollAt: 9_000,
  lastPollOk: true,
  unmatchedWorkers: false,
  nearLimit: false,
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
  it('asks at every sample after a failed poll, while a worker is unnamed, and near the limit', () => {
    expect(shouldPollDask({ ...calm, lastPollOk: false })).toBe(true);
    expect(shouldPollDask({ ...calm, unmatchedWorkers: true })).toBe(true);
    expect(shouldPollDask({ ...calm, nearLimit: true })).toBe(true);
  });
});

describe('shouldFetchCounts', () => {
  it('fetches the task counts with a poll at most every few seconds', () => {
    expect(shouldFetchCounts(1_000, null)).toBe(true);
    expect(shouldFetchCounts(5_999, 1_000)).toBe(false);
    expect(shouldFetchCounts(6_000, 1_000)).toBe(true);
  });
});
