/** Which alerts become desktop notifications, and what they say. */
import type { Alert } from '../../shared/snapshot';

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
      return { title: 'Dask worker restarted', body: alert.message };
    case 'cluster-started':
    case 'cluster-stopped':
      return null;
  }
}
