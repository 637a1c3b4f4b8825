/** How workers are named and counted in words: the tooltip, the status sentence, the CLI and the panel. */
import type { WorkerSample } from './snapshot';

/** The name a worker goes by in messages: Dask's name, else its pid. */
export function workerLabel(worker: Pick<WorkerSample, 'name' | 'pid' | 'address'>): string {
  if (worker.name !== null) return worker.name;
  if (worker.pid !== null) return `pid ${worker.pid}`;
  return worker.address ?? 'unknown';
}

/** The workers' process memory added up (a worker whose figure is unknown adds nothing). */
export function totalWorkerMemory(workers: readonly Pick<WorkerSample, 'rssBytes'>[]): number {
  return workers.reduce((sum, w) => sum + (w.rssBytes ?? 0), 0);
}

/** "4/4 workers" against the configured count, or "4 workers" where the config does not say. */
export function workerCountText(count: number, expected: number | null | undefined): string {
  return `${count}${expected !== null && expected !== undefined ? `/${expected}` : ''} workers`;
}
