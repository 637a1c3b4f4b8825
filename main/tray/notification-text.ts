/** Which alerts become desktop notifications, and what they say. */
import { formatBytes, formatFraction } from '../../shared/format';
import type { Alert, RestartInfo } from '../../shared/snapshot';
import { tasksText } from '../../shared/task-names';

export interface NotificationText {
  title: string;
  body: string;
}

/**
 * The notification for an alert, or null when it should not interrupt: paused notifications, and
 * the cluster starting or stopping (the icon shows those, and they are mostly the user's own doing).
 */
export function notificationFor(alert: Alert, notificationsOn: boolean): NotificationText | null {
  if (!notificationsOn) return null;
  switch (alert.kind) {
    case 'worker-memory-high':
      return { title: 'Dask worker short of memory', body: alert.message };
    case 'worker-restarted':
      return alert.restart
        ? restartNotification(alert.worker, alert.restart)
        : { title: 'Dask worker restarted', body: alert.message };
    case 'cluster-started':
    case 'cluster-stopped':
      return null;
  }
}

/** A restart in one line: why (Dask's report, or inferred and said so) and what it was running. */
export function restartNotification(worker: string | null, r: RestartInfo): NotificationText {
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
  const running = r.tasks.length > 0 ? ` · was running ${tasksText(r.tasks)}` : '';
  return { title: `Dask worker ${worker ?? `pid ${r.oldPid}`} restarted`, body: `${why}${running}` };
}
