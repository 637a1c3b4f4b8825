/** The recent-alerts list: which alerts, newest first, their clock time and their tone. */
import type { Alert, AlertKind } from '../main/core/snapshot';

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
};

export function alertTone(kind: AlertKind): 'warning' | 'error' | 'info' {
  // A kind added to the core later still gets a tone the stylesheet knows.
  return TONES[kind] ?? 'info';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time, 24-hour "14:03:07", whatever the locale: alerts are minutes apart at most. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '--:--:--';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
