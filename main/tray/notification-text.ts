/** Which alerts become desktop notifications, and what they say. */
import { formatBytes, formatDuration, formatFraction } from '../../shared/format';
import type { Prefs } from '../../shared/prefs';
import type { Alert, RestartInfo, WorkflowRef } from '../../shared/snapshot';
import { tasksText } from '../../shared/task-names';

export interface NotificationText {
  title: string;
  body: string;
}

/** The preferences that decide which alerts interrupt. */
export type NotifyPrefs = Pick<
  Prefs,
  'notifications' | 'notifyWorkflowCompleted' | 'notifyWorkflowFailed' | 'notifyWorkflowCancelled'
>;

/**
 * The notification for an alert, or null when it should not interrupt: paused notifications, a
 * kind of workflow ending the user turned off, and the cluster starting or stopping (the icon
 * shows those, and they are mostly the user's own doing).
 */
export function notificationFor(alert: Alert, prefs: NotifyPrefs): NotificationText | null {
  if (!prefs.notifications) return null;
  switch (alert.kind) {
    case 'worker-memory-high':
      return { title: 'Dask worker short of memory', body: alert.message };
    case 'worker-restarted':
      return alert.restart
        ? restartNotification(alert.worker, alert.restart, alert.workflows)
        : { title: 'Dask worker restarted', body: alert.message };
    case 'cluster-started':
    case 'cluster-stopped':
      return null;
    case 'workflow-completed':
      return prefs.notifyWorkflowCompleted ? workflowNotification(alert) : null;
    case 'workflow-failed':
      return prefs.notifyWorkflowFailed ? workflowNotification(alert) : null;
    case 'workflow-cancelled':
      return prefs.notifyWorkflowCancelled ? workflowNotification(alert) : null;
  }
}

/** A restart in one line: why (Dask's report, or inferred and said so) and what it was running. */
export function restartNotification(
  worker: string | null,
  r: RestartInfo,
  workflows: readonly WorkflowRef[] = [],
): NotificationText {
  const share =
    r.rssBytes !== null && r.limitBytes
      ? `${formatFraction(r.rssBytes / r.limitBytes)} of its ${formatBytes(r.limitBytes)} limit`
      : null;
  const why =
    r.cause === 'memory-killed'
      ? `Killed by its nanny at ${share ?? 'its memory limit'} (Dask's report)`
      : r.cause === 'memory-likely'
        ? `Most likely killed for memory${share ? `: ${share} just before` : ''} (inferred)`
        : 'Restarted; Dask reports no cause';
  const running = r.tasks.length > 0 ? ` · was running ${tasksText(r.tasks, r.tasks.length, workflows)}` : '';
  return { title: `Dask worker ${worker ?? `pid ${r.oldPid}`} restarted`, body: `${why}${running}` };
}

const ENDED_WORDS = {
  'workflow-completed': ['completed', 'in'],
  'workflow-failed': ['failed', 'after'],
  'workflow-cancelled': ['cancelled', 'after'],
} as const;

/** "Workflow fail_flow failed" / "after 3 s · explode: ValueError: boom". */
export function workflowNotification(alert: Alert): NotificationText {
  const d = alert.dispatch;
  const kind = alert.kind as keyof typeof ENDED_WORDS;
  if (!d || !(kind in ENDED_WORDS)) return { title: 'Covalent workflow', body: alert.message };
  const [verb, preposition] = ENDED_WORDS[kind];
  const parts = d.runtimeMs !== null ? [`${preposition} ${formatDuration(d.runtimeMs)}`] : [];
  if (kind === 'workflow-failed') {
    const failed = alert.failedElectrons;
    if (!failed) parts.push("Covalent's server did not say which electron failed");
    else if (failed.length === 0) parts.push('Covalent names no failed electron');
    else parts.push(failed.map((f) => (f.error ? `${f.name}: ${f.error}` : `${f.name} failed`)).join(' · '));
  } else if (kind === 'workflow-cancelled' && d.electrons !== null && d.electronsDone !== null) {
    parts.push(`${d.electronsDone} of ${d.electrons} electrons done`);
  }
  return { title: `Workflow ${d.name} ${verb}`, body: parts.join(' · ') || alert.message };
}

/** What clicking a notification opens: a workflow's page in the Covalent UI for a workflow's end, else the panel. */
export function notificationTarget(alert: Alert): { open: 'dispatch'; id: string } | { open: 'panel' } {
  return alert.kind.startsWith('workflow-') && alert.dispatch
    ? { open: 'dispatch', id: alert.dispatch.id }
    : { open: 'panel' };
}
