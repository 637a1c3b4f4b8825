/** Which worker rows the panel shows: all of them, or the ones nearest their memory limit. */
import type { WorkerSample } from '../shared/snapshot';

/** Rows shown before the rest are summed up as "and N more": enough to fill the panel, few enough to stay smooth. */
export const MAX_WORKER_ROWS = 24;

export interface WorkerView {
  rows: WorkerSample[];
  /** Workers left out of `rows`. */
  hidden: number;
  order: 'name' | 'nearest-limit';
}

/** Memory fraction, highest first; workers with no known fraction last, in their given order. */
function byNearestLimit(a: WorkerSample, b: WorkerSample): number {
  return (b.memoryFraction ?? -Infinity) - (a.memoryFraction ?? -Infinity);
}

/**
 * All workers, in the core's name order, when they fit: rows that swap places every second would
 * be hard to follow. Past `max`, the `max` nearest their limit, nearest first.
 */
export function selectWorkerRows(workers: readonly WorkerSample[], max = MAX_WORKER_ROWS): WorkerView {
  if (workers.length <= max) return { rows: [...workers], hidden: 0, order: 'name' };
  const rows = [...workers].sort(byNearestLimit).slice(0, max);
  return { rows, hidden: workers.length - rows.length, order: 'nearest-limit' };
}

/** A key that follows a worker across snapshots: its pid, else Dask's address or name. */
export function workerKey(worker: WorkerSample): string {
  if (worker.pid !== null) return `pid:${worker.pid}`;
  return `dask:${worker.address ?? worker.name ?? ''}`;
}
