/**
 * A worker high on memory: an episode opens at the alert fraction, alerts once the next sample
 * confirms it, and closes below Dask's spill threshold, so each episode alerts once.
 */
import { REARM_FRACTION, pauseAndRestartText } from '../../shared/dask-thresholds';
import { formatBytes, formatFraction } from '../../shared/format';
import type { Alert, WorkerSample } from '../../shared/snapshot';
import { tasksText } from '../../shared/task-names';
import { workerLabel } from '../../shared/worker-summary';
import { alertOf } from './alert-of';

export interface MemoryAlerts {
  /** Alerts for this sample; returns whether a worker crossed the fraction once (to confirm soon). */
  update(now: number, workers: readonly WorkerSample[], alertFraction: number, out: Alert[]): boolean;
  /** The worker's episode is open (pending or fired): it was high just before, if it vanishes. */
  isHigh(worker: WorkerSample): boolean;
  reset(): void;
}

export function workerKey(w: WorkerSample): string {
  return w.pid !== null ? `pid:${w.pid}` : `name:${w.name ?? w.address}`;
}

/** " It runs electron 0 of dispatch 7203c495." — nothing where Dask does not say, or it runs none. */
function runningText(w: WorkerSample): string {
  return w.tasks && w.taskCount ? `; it runs ${tasksText(w.tasks, w.taskCount)}` : '';
}

export function createMemoryAlerts(): MemoryAlerts {
  const episodes = new Map<string, 'pending' | 'fired'>();
  return {
    update(now, workers, alertFraction, out) {
      let confirmSoon = false;
      const present = new Set<string>();
      for (const w of workers) {
        const key = workerKey(w);
        present.add(key);
        const f = w.memoryFraction;
        if (f === null) continue;
        const state = episodes.get(key);
        if (state === undefined && f >= alertFraction) {
          episodes.set(key, 'pending');
          confirmSoon = true;
        } else if (state === 'pending') {
          if (f >= alertFraction) {
            episodes.set(key, 'fired');
            const label = workerLabel(w);
            const message = `Dask worker ${label} is at ${formatFraction(f)} of its ${formatBytes(w.memoryLimitBytes)} limit — ${pauseAndRestartText()}${runningText(w)}`;
            out.push(alertOf('worker-memory-high', label, message, now, w.tasks ? { tasks: w.tasks } : {}));
          } else {
            episodes.delete(key);
          }
        } else if (state === 'fired' && f < REARM_FRACTION) {
          episodes.delete(key);
        }
      }
      for (const key of episodes.keys()) if (!present.has(key)) episodes.delete(key);
      return confirmSoon;
    },
    isHigh: (w) => episodes.has(workerKey(w)),
    reset() {
      episodes.clear();
    },
  };
}
