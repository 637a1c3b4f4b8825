/** One worker: name, pid, threads and Dask status, then its memory bar and figures. */
import { formatFraction } from '../shared/format';
import type { WorkerSample, WorkflowRef } from '../shared/snapshot';
import { workerLabel } from '../shared/worker-summary';
import { MemoryBar } from './MemoryBar';
import { memoryLevel } from './memory-thresholds';
import {
  threadsText,
  workerMemoryText,
  workerMemoryValueText,
  workerNameTitle,
  workerStatusText,
  workerStatusTone,
  workerTasksText,
} from './worker-display';

export interface WorkerRowProps {
  worker: WorkerSample;
  alertFraction: number;
  /** The snapshot's time and the sampling interval: how old Dask's word on the worker is. */
  sampledAt: string;
  intervalMs: number;
  /** Asks for the worker's log lines (it needs Dask's address for that). */
  onLogs?(address: string, label: string): void;
  /** Covalent's workflows by dispatch id, to name the workflow a task belongs to. */
  workflows?: readonly WorkflowRef[];
}

export function WorkerRow({ worker: w, alertFraction, sampledAt, intervalMs, onLogs, workflows }: WorkerRowProps) {
  const tasks = workerTasksText(w, workflows);
  const label = workerLabel(w);
  const level = memoryLevel(w.memoryFraction, alertFraction);
  const daskThreads = w.nthreads === null ? '' : `; Dask runs tasks on ${w.nthreads}`;
  return (
    <li class={`worker worker--${level}`} data-worker={label} data-pid={w.pid ?? ''} data-level={level}>
      <div class="worker__head">
        <span
          class="worker__name"
          title={workerNameTitle(w, label)}
          data-restarted={w.replacedPid !== null ? '' : undefined}
        >
          {label}
        </span>
        <span class="worker__pid">pid {w.pid ?? '—'}</span>
        <span class="worker__threads" title={`OS threads of the worker process${daskThreads}`}>
          {threadsText(w.threads)}
        </span>
        <span class={`worker__status worker__status--${workerStatusTone(w.status)}`}>
          {workerStatusText(w, sampledAt, intervalMs)}
        </span>
        {onLogs && w.address && (
          <button
            type="button"
            class="link-button worker__logs"
            aria-label={`Logs of worker ${label}`}
            onClick={() => onLogs(w.address!, label)}
          >
            Logs
          </button>
        )}
      </div>
      <div class="worker__memory">
        <MemoryBar
          label={`Memory of worker ${label}`}
          rssBytes={w.rssBytes}
          limitBytes={w.memoryLimitBytes}
          fraction={w.memoryFraction}
          level={level}
          valueText={workerMemoryValueText(w)}
        />
        <span class="worker__bytes">{workerMemoryText(w)}</span>
        <span class="worker__fraction">{formatFraction(w.memoryFraction)}</span>
      </div>
      {tasks !== null && (
        <p class="worker__tasks" title={w.tasks?.join('\n')}>
          {tasks}
        </p>
      )}
    </li>
  );
}
