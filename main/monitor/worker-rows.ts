/** One row per worker: the OS's figures for its process beside Dask's view of it. */
import type { DaskWorkerInfo } from './dask/dask-json';
import type { Replacement } from './worker-matcher';
import type { MemoryLimit } from './memory-limit';
import type { ProcInfo } from './proc/process-source';
import { MAX_TASKS_SHOWN, type WorkerSample } from '../../shared/snapshot';

export interface WorkerRowsInput {
  /** Worker processes (children of the scheduler, helpers excluded). */
  processes: readonly ProcInfo[];
  /** Dask's entry for each worker process, where known (fresh, or remembered from an earlier read). */
  daskByPid: ReadonlyMap<number, DaskWorkerInfo>;
  /** Dask workers with no process found for them: no process view, or a worker from elsewhere. */
  unmatched: readonly DaskWorkerInfo[];
  /** Processes named after the worker they replaced, until Dask lists them (worker-matcher.ts). */
  replacements?: ReadonlyMap<number, Replacement>;
  /** When Dask gave the entries above (its last good answer), ms since the epoch. */
  daskAt?: number | null;
  /** The task keys each worker runs, by worker address (Dask's `processing`); null where Dask's protocol does not tell. */
  processing?: ReadonlyMap<string, readonly string[]> | null;
  /** The limit computed from mem_per_worker, for workers Dask has not described. */
  configLimit: MemoryLimit | null;
  cpuPercent(p: ProcInfo): number | null;
}

function limitOf(d: DaskWorkerInfo | undefined, configLimit: MemoryLimit | null) {
  if (d && (d.memoryLimitBytes !== null || d.unlimited)) return { bytes: d.memoryLimitBytes, source: 'dask' as const };
  if (configLimit?.kind === 'bytes') return { bytes: configLimit.bytes, source: 'config' as const };
  if (configLimit?.kind === 'unlimited') return { bytes: null, source: 'config' as const };
  return { bytes: null, source: null };
}

function fraction(rss: number | null, limit: number | null): number | null {
  return rss !== null && limit !== null && limit > 0 ? rss / limit : null;
}

const byName = new Intl.Collator('en', { numeric: true });

/** A worker's tasks from Dask's `processing`: none known without it, or for a worker Dask has not listed. */
function tasksOf(
  address: string | null,
  processing: WorkerRowsInput['processing'],
): Pick<WorkerSample, 'tasks' | 'taskCount'> {
  if (!processing || address === null) return { tasks: null, taskCount: null };
  const keys = processing.get(address) ?? [];
  return { tasks: keys.slice(0, MAX_TASKS_SHOWN), taskCount: keys.length };
}

export function buildWorkerRows(input: WorkerRowsInput): WorkerSample[] {
  const daskSeenAt = input.daskAt != null ? new Date(input.daskAt).toISOString() : null;
  const rows: WorkerSample[] = input.processes.map((p) => {
    const d = input.daskByPid.get(p.pid);
    const stand = d ? undefined : input.replacements?.get(p.pid);
    const limit = limitOf(d ?? stand?.info, input.configLimit);
    return {
      name: d?.name ?? stand?.info.name ?? null,
      address: d?.address ?? null,
      pid: p.pid,
      rssBytes: p.rssBytes,
      memoryLimitBytes: limit.bytes,
      memoryLimitSource: limit.source,
      memoryFraction: fraction(p.rssBytes, limit.bytes),
      threads: p.threads,
      nthreads: d?.nthreads ?? stand?.info.nthreads ?? null,
      cpuPercent: input.cpuPercent(p),
      status: d?.status ?? null,
      ...tasksOf(d?.address ?? null, input.processing),
      daskSeenAt: d ? daskSeenAt : null,
      replacedPid: stand?.replacedPid ?? null,
    };
  });
  for (const d of input.unmatched) {
    const limit = limitOf(d, input.configLimit);
    rows.push({
      name: d.name,
      address: d.address,
      pid: null,
      rssBytes: d.memoryBytes,
      memoryLimitBytes: limit.bytes,
      memoryLimitSource: limit.source,
      memoryFraction: fraction(d.memoryBytes, limit.bytes),
      threads: null,
      nthreads: d.nthreads,
      cpuPercent: null,
      status: d.status,
      ...tasksOf(d.address, input.processing),
      daskSeenAt,
      replacedPid: null,
    });
  }
  return rows.sort((a, b) => byName.compare(a.name ?? '\uffff', b.name ?? '\uffff') || (a.pid ?? 0) - (b.pid ?? 0));
}
