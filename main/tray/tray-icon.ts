/** Which tray icon and tooltip a snapshot calls for: the status at a glance. */
import { formatBytes } from '../../shared/format';
import type { ClusterStatus, Snapshot } from '../../shared/snapshot';
import type { NotificationText } from './notification-text';
import { totalWorkerMemory, workerCountText, workflowsRunningText } from '../../shared/worker-summary';

/** One icon per state the user tells apart at 16 px; the two config problems share one. */
export type TrayIconName = 'running' | 'degraded' | 'stopped' | 'no-cluster' | 'problem';

export const TRAY_ICON_NAMES: readonly TrayIconName[] = ['running', 'degraded', 'stopped', 'no-cluster', 'problem'];

export function trayIconFor(status: ClusterStatus | null): TrayIconName {
  switch (status) {
    case 'running':
    case 'degraded':
    case 'stopped':
    case 'no-cluster':
      return status;
    default:
      return 'problem';
  }
}

/**
 * The icon file for a platform: macOS template images (monochrome, "Template" in the name so the
 * menu bar tints them; Electron picks the @2x file itself), .ico on Windows, colour PNG on Linux.
 */
export function trayIconFile(name: TrayIconName, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `tray-${name}Template.png`;
  if (platform === 'win32') return `tray-${name}.ico`;
  return `tray-${name}.png`;
}

const STATUS_WORDS: Record<ClusterStatus, string> = {
  running: 'running',
  degraded: 'degraded',
  stopped: 'stopped',
  'no-cluster': 'no cluster (local executor)',
  'not-configured': 'not configured',
  'config-error': 'config error',
};

/**
 * One line, e.g. "Covalent Dask: running · 4/4 workers · 1.3 GB"; with the title of an alert whose
 * notification the OS refused (`missedAlert`) at its end, so the alert still shows somewhere.
 */
export function trayTooltip(snapshot: Snapshot | null, missedAlert: NotificationText | null = null): string {
  const parts = [snapshot ? `Covalent Dask: ${STATUS_WORDS[snapshot.status]}` : 'Covalent Dask: starting…'];
  if (snapshot?.scheduler?.alive) {
    parts.push(workerCountText(snapshot.workers.length, snapshot.config?.numWorkers));
    parts.push(formatBytes(totalWorkerMemory(snapshot.workers)));
  }
  const w = snapshot?.workflows;
  if (w && w.runningCount > 0) parts.push(workflowsRunningText(w.runningCount));
  else if (w?.reachable === false && snapshot?.scheduler?.alive) parts.push('Covalent server down');
  if (missedAlert) parts.push(`⚠ ${missedAlert.title}`);
  // Windows cuts tray tooltips at 127 characters.
  const line = parts.join(' · ');
  return line.length > 127 ? `${line.slice(0, 126)}…` : line;
}
