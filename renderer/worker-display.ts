/** The texts of a worker row: its memory against its limit, its threads and its Dask status. */
import { formatBytes, formatFraction } from '../shared/format';
import type { WorkerSample, WorkflowRef } from '../shared/snapshot';
import { daskStaleAfterMs, daskWordAgeMs } from '../shared/worker-summary';
import { tasksText } from '../shared/task-names';
import { formatAge } from '../shared/format';

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

/** What hovering the name says: Dask's address, or where a restarted worker's name comes from. */
export function workerNameTitle(worker: Pick<WorkerSample, 'address' | 'replacedPid'>, label: string): string {
  if (worker.replacedPid !== null) {
    return `Restarted: named after the worker it replaced (pid ${worker.replacedPid}); Dask has not listed it yet`;
  }
  return worker.address ?? label;
}

/** Dask's status, with its age when Dask's word is out of date: "paused · 12 s ago". */
export function workerStatusText(
  worker: Pick<WorkerSample, 'status' | 'daskSeenAt'>,
  sampledAt: string,
  intervalMs: number,
): string {
  if (worker.status === null) return '—';
  const age = daskWordAgeMs(worker, sampledAt);
  return age !== null && age > daskStaleAfterMs(intervalMs) ? `${worker.status} · ${formatAge(age)}` : worker.status;
}

/** "runs electron 0 of dispatch 7203c495", "idle"; null where Dask's protocol does not tell. */
export function workerTasksText(
  worker: Pick<WorkerSample, 'tasks' | 'taskCount'>,
  workflows: readonly WorkflowRef[] = [],
): string | null {
  if (worker.tasks === null || worker.taskCount === null) return null;
  return worker.taskCount === 0 ? 'idle' : `runs ${tasksText(worker.tasks, worker.taskCount, workflows)}`;
}
