/**
 * The tray app's decisions, Electron-free: each snapshot becomes an icon, a tooltip, a menu and a
 * message to the panel; each alert maybe a notification; each preference change reaches the
 * monitor. The Electron adapters implement TrayShell and decide nothing.
 */
import { type IpcHandlers, openableFolder } from './ipc-handlers';
import type { MemoryHistory } from './memory-history';
import type { Monitor } from '../monitor/monitor';
import { type NotificationText, notificationFor } from './notification-text';
import type { Prefs } from '../../shared/prefs';
import type { PrefsStore } from './prefs-store';
import type { Alert, Snapshot } from '../../shared/snapshot';
import { type TrayIconName, trayIconFor, trayTooltip } from './tray-icon';
import { type TrayAction, type TrayMenuItem, buildTrayMenu, trayMenuKey } from './tray-menu';

/** What the tray app does to the desktop; the Electron adapter implements it. */
export interface TrayShell {
  setIcon(name: TrayIconName): void;
  setTooltip(text: string): void;
  /** Sets the context menu (again: on Linux a changed menu only shows once set anew). */
  setMenu(items: TrayMenuItem[]): void;
  notify(text: NotificationText, alert: Alert): void;
  sendSnapshot(snapshot: Snapshot): void;
  sendPrefs(prefs: Prefs): void;
  setStartAtLogin(on: boolean): void;
  showPanel(): void;
  quit(): void;
}

export interface TrayControllerOptions {
  monitor: Monitor;
  prefs: PrefsStore;
  history: MemoryHistory;
  handlers: IpcHandlers;
  shell: TrayShell;
  loginItemSupported: boolean;
}

export interface TrayController {
  start(): void;
  stop(): void;
  runAction(action: TrayAction): Promise<void>;
}

/** Monitor settings from the user's preferences. */
export function monitorSettingsOf(prefs: Prefs) {
  return { intervalMs: Math.round(prefs.intervalSeconds * 1000), alertFraction: prefs.alertFraction };
}

export function createTrayController(o: TrayControllerOptions): TrayController {
  let icon: TrayIconName | null = null;
  let tooltip: string | null = null;
  let menuKey: string | null = null;
  const unsubscribe: (() => void)[] = [];

  function refreshTray(snapshot: Snapshot | null) {
    const nextIcon = trayIconFor(snapshot?.status ?? null);
    if (nextIcon !== icon) o.shell.setIcon((icon = nextIcon));
    const nextTooltip = trayTooltip(snapshot);
    if (nextTooltip !== tooltip) o.shell.setTooltip((tooltip = nextTooltip));
    const menu = buildTrayMenu({
      snapshot,
      prefs: o.prefs.get(),
      logDirOpenable: openableFolder(snapshot?.config?.logDir ?? null).ok,
      loginItemSupported: o.loginItemSupported,
    });
    const key = trayMenuKey(menu);
    if (key !== menuKey) {
      menuKey = key;
      o.shell.setMenu(menu);
    }
  }

  return {
    start() {
      o.monitor.configure(monitorSettingsOf(o.prefs.get()));
      refreshTray(o.monitor.latest());
      unsubscribe.push(
        o.monitor.onSnapshot((s) => {
          o.history.add(s);
          refreshTray(s);
          o.shell.sendSnapshot(s);
        }),
        o.monitor.onAlert((alert) => {
          const text = notificationFor(alert, o.prefs.get().notifications);
          if (text) o.shell.notify(text, alert);
        }),
        o.prefs.onChange((p) => {
          o.monitor.configure(monitorSettingsOf(p));
          if (o.loginItemSupported) o.shell.setStartAtLogin(p.startAtLogin);
          o.shell.sendPrefs(p);
          refreshTray(o.monitor.latest());
        }),
      );
      o.monitor.start();
    },
    stop() {
      for (const u of unsubscribe.splice(0)) u();
      o.monitor.stop();
    },
    async runAction(action) {
      const p = o.prefs.get();
      switch (action) {
        case 'open-panel':
          return o.shell.showPanel();
        case 'open-dashboard':
          await o.handlers.openDashboard();
          return;
        case 'open-covalent-ui':
          await o.handlers.openCovalentUi();
          return;
        case 'copy-scheduler-address':
          await o.handlers.copy('schedulerAddress');
          return;
        case 'open-log-dir':
          await o.handlers.openPath('logDir');
          return;
        case 'toggle-notifications':
          o.prefs.update({ notifications: !p.notifications });
          return;
        case 'toggle-start-at-login':
          o.prefs.update({ startAtLogin: !p.startAtLogin });
          return;
        case 'quit':
          return o.shell.quit();
      }
    },
  };
}
