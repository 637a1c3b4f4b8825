/**
 * The tray menu as data: what it lists and which items can work now. The Electron adapter turns
 * it into a Menu and sets it again whenever it changes (on Linux the menu is all there is).
 */
import { covalentUiUrl, dashboardUrl } from './ipc-handlers';
import type { Prefs } from '../../shared/prefs';
import type { Snapshot } from '../../shared/snapshot';
import type { NotificationText } from './notification-text';

export type TrayAction =
  | 'open-panel'
  | 'open-dashboard'
  | 'open-covalent-ui'
  | 'copy-scheduler-address'
  | 'open-log-dir'
  | 'toggle-notifications'
  | 'toggle-start-at-login'
  | 'quit';

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'label'; label: string }
  | { type: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { type: 'checkbox'; action: TrayAction; label: string; checked: boolean; enabled: boolean };

export interface TrayMenuInput {
  snapshot: Snapshot | null;
  prefs: Prefs;
  /** Whether the config's log directory exists as a folder (checked by the caller: not pure). */
  logDirOpenable: boolean;
  /** Start at login is not offered where the OS has no such setting for this app (e.g. Linux). */
  loginItemSupported: boolean;
  /** The latest alert whose notification the OS refused: the menu shows it instead. */
  missedAlert?: NotificationText | null;
}

/** Menu labels longer than this are cut: a menu as wide as the screen helps no one. */
const MAX_LABEL = 90;
const cut = (text: string) => (text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text);

const STATUS_LINE: Record<Snapshot['status'], string> = {
  running: 'Dask cluster running',
  degraded: 'Dask cluster degraded',
  stopped: 'Dask cluster stopped',
  'no-cluster': 'No cluster: Covalent uses its local executor',
  'not-configured': 'Covalent is not configured',
  'config-error': 'Covalent config error',
};

export function buildTrayMenu({
  snapshot: s,
  prefs,
  logDirOpenable,
  loginItemSupported,
  missedAlert = null,
}: TrayMenuInput): TrayMenuItem[] {
  const live = s?.scheduler?.alive === true;
  let status = s ? STATUS_LINE[s.status] : 'Starting…';
  if (s && live) status += ` · ${s.workers.length} workers`;
  const missed: TrayMenuItem[] = missedAlert
    ? [{ type: 'label', label: cut(`⚠ ${missedAlert.title}: ${missedAlert.body}`) }]
    : [];
  return [
    { type: 'label', label: status },
    ...missed,
    { type: 'separator' },
    { type: 'action', action: 'open-panel', label: 'Open Panel', enabled: true },
    // The dashboard and the scheduler address only mean something while the cluster runs.
    {
      type: 'action',
      action: 'open-dashboard',
      label: 'Open Dask Dashboard',
      enabled: live && dashboardUrl(s?.config ?? null) !== null,
    },
    {
      type: 'action',
      action: 'open-covalent-ui',
      label: 'Open Covalent UI',
      enabled: covalentUiUrl(s?.config ?? null) !== null,
    },
    {
      type: 'action',
      action: 'copy-scheduler-address',
      label: 'Copy Scheduler Address',
      enabled: live && !!s?.config?.schedulerAddress,
    },
    { type: 'action', action: 'open-log-dir', label: 'Open Log Directory', enabled: logDirOpenable },
    { type: 'separator' },
    {
      type: 'checkbox',
      action: 'toggle-notifications',
      label: 'Pause Notifications',
      checked: !prefs.notifications,
      enabled: true,
    },
    {
      type: 'checkbox',
      action: 'toggle-start-at-login',
      label: 'Start at Login',
      checked: prefs.startAtLogin,
      enabled: loginItemSupported,
    },
    { type: 'separator' },
    { type: 'action', action: 'quit', label: 'Quit Covalent Dask Tray', enabled: true },
  ];
}

/** Equal keys mean equal menus: the adapter rebuilds only when the key changes. */
export function trayMenuKey(items: readonly TrayMenuItem[]): string {
  return JSON.stringify(items);
}
