/** The texts of a worker row: its memory against its limit, its threads and its Dask status. */
import { formatBytes, formatFraction } from '../shared/format';
import type { WorkerSample } from '../shared/snapshot';

/** "93.1 MB / 400 MB"; "93.1 MB, no limit" when Dask sets none; "93.1 MB / ?" when the limit is unknown. */
export function workerMemoryText(
  worker: Pick<WorkerSample, 'rssBytes' | 'memoryLimitBytes' | 'memoryLimitSource'>,
): string {
  if (worker.memoryLimitBytes !== null)
    return `${formatBytes(worker.rssBytes)} / ${formatBytes(worker.memoryLimitBytes)}`;
  if (worker.memoryLimitSource !== null) return `${formatBytes(worker.rssBytes)}, no limit`;
  return `${formatBytes(worker.rssBytes)} / ?`;
}

/** What a screen reader says for the bar: "93.1 MB of 400 MB, 23 %". */
export function workerMemoryValueText(
  worker: Pick<WorkerSample, 'rssBytes' | 'memoryLimitBytes' | 'memoryFraction'>,
): string {
  return `${formatBytes(worker.rssBytes)} of ${formatBytes(worker.memoryLimitBytes)}, ${formatFraction(worker.memoryFraction)}`;
}

export function threadsText(threads: number | null): string {
  if (threads === null) return '— threads';
  return threads === 1 ? '1 thread' : `${threads} threads`;
}

/** Dask's status as one of the few the stylesheet knows: the text itself comes from the cluster. */
export function workerStatusTone(status: string | null): 'running' | 'paused' | 'other' {
  return status === 'running' || status === 'paused' ? status : 'other';
}
