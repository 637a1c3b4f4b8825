/** The panel's Recent restarts: which worker, when, why, and what it was running. */
import { formatBytes, formatFraction } from '../shared/format';
import type { Alert, RestartInfo, WorkflowRef } from '../shared/snapshot';
import { tasksText } from '../shared/task-names';

/** Restarts the list shows, newest first. */
export const MAX_RESTARTS_SHOWN = 5;

export function recentRestarts(
  alerts: readonly Alert[],
  max = MAX_RESTARTS_SHOWN,
): (Alert & { restart: RestartInfo })[] {
  return alerts
    .filter((a): a is Alert & { restart: RestartInfo } => a.kind === 'worker-restarted' && a.restart !== undefined)
    .slice(-max)
    .reverse();
}

/** "killed by its nanny for using 97 % of its 400 MB (Dask's report)". */
export function restartCauseText(r: RestartInfo): string {
  const share =
    r.rssBytes !== null && r.limitBytes
      ? `${formatFraction(r.rssBytes / r.limitBytes)} of its ${formatBytes(r.limitBytes)}`
      : null;
  switch (r.cause) {
    case 'memory-killed':
      return `killed by its nanny for using ${share ?? 'too much memory'} (Dask's report)`;
    case 'memory-likely':
      return `most likely for memory: ${share ?? '—'} just before (inferred)`;
    case 'unknown':
      return 'cause not reported';
  }
}

export function restartTasksText(r: RestartInfo, workflows: readonly WorkflowRef[] = []): string {
  return r.tasks.length > 0 ? `was running ${tasksText(r.tasks, r.tasks.length, workflows)}` : 'no task seen running';
}
