/**
 * The tray menu as data: what it lists and which items can work now. The Electron adapter turns
 * it into a Menu and sets it again whenever it changes (on Linux the menu is all there is).
 */
import { clusterActionsUnavailable } from '../../shared/cluster-action-text';
import { MAX_SCALE_WORKERS } from '../../shared/ipc-contract';
import { covalentUiOpenable, dashboardUrl } from '../../shared/config-urls';
import type { Prefs } from '../../shared/prefs';
import type { Snapshot } from '../../shared/snapshot';
import type { NotificationText } from './notification-text';

export type TrayCommand =
  | 'open-panel'
  | 'open-dashboard'
  | 'open-covalent-ui'
  | 'copy-scheduler-address'
  | 'open-log-dir'
  | 'toggle-notifications'
  | 'toggle-start-at-login'
  | 'restart-workers'
  | 'quit';

/** A command, or Scale Workers' choice of a size. */
export type TrayAction = TrayCommand | { scaleTo: number };

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'label'; label: string }
  | { type: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { type: 'checkbox'; action: TrayAction; label: string; checked: boolean; enabled: boolean }
  | { type: 'submenu'; label: string; enabled: boolean; items: TrayMenuItem[] };

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

/** Round sizes, with the cluster's own and its neighbours: a menu offers choices, the panel any number. */
const SCALE_STEPS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];

export function scaleChoices(current: number): number[] {
  const most = Math.min(MAX_SCALE_WORKERS, Math.max(8, 2 * current));
  const sizes = new Set([...SCALE_STEPS, current - 1, current, current + 1]);
  return [...sizes].filter((n) => n >= 1 && n <= most).sort((a, b) => a - b);
}

function clusterItems(s: Snapshot | null): TrayMenuItem[] {
  const enabled = clusterActionsUnavailable(s) === null;
  const workers = s?.workers.length ?? 0;
  return [
    { type: 'action', action: 'restart-workers', label: 'Restart Workers…', enabled },
    {
      type: 'submenu',
      label: 'Scale Workers',
      enabled,
      // Plain items, not radio ones: Electron would move a radio's check on a click the user then cancels.
      items: scaleChoices(workers).map((n) => ({
        type: 'action',
        action: { scaleTo: n },
        label: `${n} worker${n === 1 ? '' : 's'}${n === workers ? ' (now)' : '…'}`,
        enabled: n !== workers,
      })),
    },
  ];
}

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
      label: s?.workflows.reachable === false ? 'Open Covalent UI (the server does not answer)' : 'Open Covalent UI',
      enabled: covalentUiOpenable(s),
    },
    {
      type: 'action',
      action: 'copy-scheduler-address',
      label: 'Copy Scheduler Address',
      enabled: live && !!s?.config?.schedulerAddress,
    },
    { type: 'action', action: 'open-log-dir', label: 'Open Log Directory', enabled: logDirOpenable },
    { type: 'separator' },
    ...clusterItems(s),
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
