/**
 * When a sample asks Dask over HTTP. Each request costs about a millisecond of CPU, more than all
 * of /proc, and memory alerts need only /proc and the limits already known; so Dask is asked every
 * few seconds while all is calm, and at every sample while its answer matters now.
 */

/** How often Dask's worker list is refreshed while nothing calls for it sooner. */
export const DASK_REFRESH_MS = 5_000;
/** How often the task counts are fetched with it. */
export const COUNTS_REFRESH_MS = 5_000;

export interface PollScheduleInput {
  now: number;
  /** When the last poll of this cluster's dashboard started; null if none has. */
  lastPollAt: number | null;
  /** The last poll got Dask's worker list without a problem. */
  lastPollOk: boolean;
  /** A worker process has no Dask entry yet (it is new, or restarted), or a Dask worker no process. */
  unmatchedWorkers: boolean;
  /** Some worker's memory is at or over NEAR_LIMIT_FRACTION of its limit. */
  nearLimit: boolean;
}

export function shouldPollDask(input: PollScheduleInput): boolean {
  if (input.lastPollAt === null) return true;
  // A failed poll is retried at once: a dashboard that went silent shows within two samples.
  if (!input.lastPollOk || input.unmatchedWorkers || input.nearLimit) return true;
  return input.now - input.lastPollAt >= DASK_REFRESH_MS;
}

export function shouldFetchCounts(now: number, lastCountsAt: number | null): boolean {
  return lastCountsAt === null || now - lastCountsAt >= COUNTS_REFRESH_MS;
}
