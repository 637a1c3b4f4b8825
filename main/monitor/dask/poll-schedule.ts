/**
 * When a sample asks Dask. Each HTTP request costs about a millisecond of CPU, more than all of
 * /proc, and memory alerts need only /proc and the limits already known; so Dask is asked every few
 * seconds while all is calm, and at every sample while its answer matters now. The worker list
 * and the task counts keep schedules of their own: one failing does not stop the other.
 */
import type { DaskCounts } from './dask-json';

/** How often Dask's worker list is refreshed while nothing calls for it sooner. */
export const DASK_REFRESH_MS = 5_000;
/** How often the task counts are fetched while no task is in flight. */
export const COUNTS_REFRESH_MS = 5_000;
/** While the scheduler holds tasks the counts move: fetched at every sample (a second apart by default). */
export const BUSY_COUNTS_REFRESH_MS = 900;
/** How long after the scheduler last held tasks the counts are still fetched at every sample. */
export const BUSY_LINGER_MS = 10_000;

export interface PollScheduleInput {
  now: number;
  /** When the worker list was last asked for; null if never for this cluster's dashboard. */
  lastPollAt: number | null;
  /** The last ask got Dask's worker list without a problem. */
  lastPollOk: boolean;
  /** A worker process has no Dask entry yet (it is new, or restarted), or a Dask worker no process. */
  unmatchedWorkers: boolean;
  /**
   * A worker is near its limit (NEAR_LIMIT_FRACTION), where Dask may spill and pause it, or Dask
   * last called one paused: its status may change at any sample.
   */
  watchClosely: boolean;
}

export function shouldPollDask(input: PollScheduleInput): boolean {
  if (input.lastPollAt === null) return true;
  // A failed poll is retried at once: a dashboard that went silent shows within two samples.
  if (!input.lastPollOk || input.unmatchedWorkers || input.watchClosely) return true;
  return input.now - input.lastPollAt >= DASK_REFRESH_MS;
}

/** Whether the counts are due, given the last ones read (null: none yet) and when the scheduler last held tasks. */
export function shouldFetchCounts(
  now: number,
  last: { at: number; counts: DaskCounts } | null,
  lastBusyAt: number | null,
): boolean {
  if (last === null) return true;
  // Tasks in the scheduler, now or a moment ago: a workflow is under way, and between two electrons
  // the scheduler may hold none for a moment.
  const busy = last.counts.total > 0 || (lastBusyAt !== null && now - lastBusyAt < BUSY_LINGER_MS);
  return now - last.at >= (busy ? BUSY_COUNTS_REFRESH_MS : COUNTS_REFRESH_MS);
}

/**
 * The tasks each worker runs (Dask's `processing`, over its protocol) are asked for at every
 * sample: a task can grow a worker's memory to Dask's kill within seconds, and the alert says which
 * task it was. The reply is small (about 100 bytes a worker): measured in the benchmark.
 */
export function shouldPollProcessing(): boolean {
  return true;
}
