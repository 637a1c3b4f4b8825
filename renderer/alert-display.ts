/** The recent-alerts list: which alerts, newest first, their clock time and their tone. */
import type { Alert, AlertKind } from '../shared/snapshot';

/** Alerts the list shows; the snapshot keeps more. */
export const MAX_ALERTS_SHOWN = 8;

export function recentAlerts(alerts: readonly Alert[], max = MAX_ALERTS_SHOWN): Alert[] {
  return alerts.slice(-max).reverse();
}

const TONES: Record<AlertKind, 'warning' | 'error' | 'info'> = {
  'worker-memory-high': 'warning',
  'worker-restarted': 'error',
  'cluster-stopped': 'error',
  'cluster-started': 'info',
  'workflow-completed': 'info',
  'workflow-failed': 'error',
  'workflow-cancelled': 'warning',
};

export function alertTone(kind: AlertKind): 'warning' | 'error' | 'info' {
  // A kind added to the core later still gets a tone the stylesheet knows.
  return TONES[kind] ?? 'info';
}
