/** The scheduler process (memory, threads, CPU) and Dask's task counts. */
import { formatBytes, formatCpu } from '../shared/format';
import type { DashboardSample, SchedulerSample } from '../shared/snapshot';

export interface SchedulerSummaryProps {
  scheduler: SchedulerSample | null;
  tasks: DashboardSample['tasks'];
  /** Asks for the scheduler's log lines; absent where they cannot be read. */
  onLogs?(): void;
}

/** The scheduler's figures, one per column; a single sentence when it is not running. */
export function schedulerCells(scheduler: SchedulerSample | null): string[] {
  if (!scheduler) return ['not started'];
  if (!scheduler.alive) return [`not running (pid ${scheduler.pid})`];
  if (scheduler.suspended) return [`pid ${scheduler.pid}`, formatBytes(scheduler.rssBytes), 'suspended'];
  return [
    `pid ${scheduler.pid}`,
    formatBytes(scheduler.rssBytes),
    `${scheduler.threads ?? '—'} threads`,
    `${formatCpu(scheduler.cpuPercent)} CPU`,
  ];
}

export function SchedulerSummary({ scheduler, tasks, onLogs }: SchedulerSummaryProps) {
  const cells = schedulerCells(scheduler);
  return (
    <dl class="summary">
      <div class="summary__row" data-key="scheduler">
        <dt>Scheduler</dt>
        <dd class={cells.length > 1 ? 'summary__figures' : undefined}>
          {cells.map((c, i) => (
            <span key={i}>{c}</span>
          ))}
          {onLogs && (
            <button type="button" class="link-button" aria-label="Scheduler logs" onClick={onLogs}>
              Logs
            </button>
          )}
        </dd>
      </div>
      <div class="summary__row" data-key="tasks">
        <dt>Tasks</dt>
        <dd title={tasks ? `${tasks.total} tasks known to the scheduler` : undefined}>
          {tasks ? `${tasks.processing} processing · ${tasks.waiting} waiting · ${tasks.erred} erred` : '—'}
        </dd>
      </div>
    </dl>
  );
}
