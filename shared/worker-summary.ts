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

/** Dask's word on a worker is out of date past this age: two missed samples, and a second for the answer. */
export function daskStaleAfterMs(intervalMs: number): number {
  return 2 * intervalMs + 1000;
}

/** How old Dask's word on this worker is at `sampledAt`; null when Dask has said nothing of it. */
export function daskWordAgeMs(worker: Pick<WorkerSample, 'daskSeenAt'>, sampledAt: string): number | null {
  if (worker.daskSeenAt === null) return null;
  const age = Date.parse(sampledAt) - Date.parse(worker.daskSeenAt);
  return Number.isFinite(age) ? Math.max(0, age) : null;
}

/** "1 workflow running", "3 workflows running". */
export function workflowsRunningText(count: number): string {
  return `${count} ${count === 1 ? 'workflow' : 'workflows'} running`;
}
