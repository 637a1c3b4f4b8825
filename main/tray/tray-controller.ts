/**
 * The tray app's decisions, Electron-free: each snapshot becomes an icon, a tooltip, a menu and a
 * message to the panel; each alert maybe a notification; each preference change reaches the
 * monitor. The Electron adapters implement TrayShell and decide nothing.
 */
import { type Confirmation, restartConfirmation, scaleConfirmation } from '../../shared/cluster-action-text';
import type { ActionResult } from '../../shared/ipc-contract';
import { type IpcHandlers, openableFolder } from './ipc-handlers';
import type { MemoryHistory } from './memory-history';
import type { Monitor } from '../monitor/monitor';
import { type NotificationText, notificationFor } from './notification-text';
import type { Prefs } from '../../shared/prefs';
import type { PrefsStore } from './prefs-store';
import { reconcileStartAtLogin, startAtLoginToApply } from './login-item-sync';
import { type PanelMessage, messagesOnPrefs, messagesOnShow, messagesOnSnapshot } from './panel-feed';
import type { Alert, Snapshot } from '../../shared/snapshot';
import { type TrayIconName, trayIconFor, trayTooltip } from './tray-icon';
import { type TrayAction, type TrayMenuItem, buildTrayMenu, trayMenuKey } from './tray-menu';

/** What the tray app does to the desktop; the Electron adapter implements it. */
export interface TrayShell {
  setIcon(name: TrayIconName): void;
  setTooltip(text: string): void;
  /** Sets the context menu (again: on Linux a changed menu only shows once set anew). */
  setMenu(items: TrayMenuItem[]): void;
  /** Shows a notification; the adapter reports one the OS refused with controller.notificationFailed. */
  notify(text: NotificationText, alert: Alert): void;
  /** Pushes to the panel (what and when: panel-feed.ts). */
  sendToPanel(message: PanelMessage): void;
  panelVisible(): boolean;
  setStartAtLogin(on: boolean): void;
  /** Whether the app starts at login as the OS has it now; null where it cannot tell. */
  readStartAtLogin(): boolean | null;
  showPanel(): void;
  quit(): void;
  /** A problem the user should not be interrupted for, but a developer may want to read. */
  warn(message: string): void;
  /** Asks the user before an action on the cluster; true only on its confirm button. */
  confirm(text: Confirmation): Promise<boolean>;
  /** Tells the user an action they asked for from the menu failed (the panel says so itself). */
  showFailure(title: string, detail: string): Promise<void>;
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
  /** The OS refused a notification: its alert shows in the tooltip and the menu until the panel is opened. */
  notificationFailed(text: NotificationText, error: string): void;
  /** The panel was shown: it gets what it missed, and the user sees the alerts there. */
  panelShown(): void;
}

/** Monitor settings from the user's preferences. */
export function monitorSettingsOf(prefs: Prefs) {
  return { intervalMs: Math.round(prefs.intervalSeconds * 1000), alertFraction: prefs.alertFraction };
}

export function createTrayController(options: TrayControllerOptions): TrayController {
  let icon: TrayIconName | null = null;
  let tooltip: string | null = null;
  let menuKey: string | null = null;
  let missedAlert: NotificationText | null = null;
  let notificationsFailed = false;
  /** What the OS was last told, or found to have, for Start at Login. */
  let startAtLogin = false;
  const unsubscribe: (() => void)[] = [];

  const send = (messages: PanelMessage[]) => {
    for (const m of messages) options.shell.sendToPanel(m);
  };

  /** Restart or Scale from the menu: the confirmation the panel shows, then the failure if any. */
  async function onCluster(text: Confirmation, act: () => Promise<ActionResult>, failed: string) {
    if (!(await options.shell.confirm(text))) return;
    const r = await act();
    if (!r.ok) await options.shell.showFailure(failed, r.error);
  }

  async function perform(action: TrayAction): Promise<ActionResult | undefined> {
    const p = options.prefs.get();
    const workers = options.monitor.latest()?.workers.length ?? 0;
    if (typeof action === 'object') {
      const to = action.scaleTo;
      await onCluster(
        scaleConfirmation(workers, to),
        () => options.handlers.scaleWorkers(to),
        `Could not scale to ${to}`,
      );
      return;
    }
    switch (action) {
      case 'restart-workers':
        await onCluster(
          restartConfirmation(workers),
          () => options.handlers.restartWorkers(),
          'Could not restart the workers',
        );
        return;
      case 'open-panel':
        options.shell.showPanel();
        return;
      case 'open-dashboard':
        return options.handlers.openDashboard();
      case 'open-covalent-ui':
        return options.handlers.openCovalentUi();
      case 'copy-scheduler-address':
        return options.handlers.copy('schedulerAddress');
      case 'open-log-dir':
        return options.handlers.openPath('logDir');
      case 'toggle-notifications':
        options.prefs.update({ notifications: !p.notifications });
        return;
      case 'toggle-start-at-login':
        options.prefs.update({ startAtLogin: !p.startAtLogin });
        return;
      case 'quit':
        options.shell.quit();
        return;
    }
  }

  function refreshTray(snapshot: Snapshot | null) {
    const nextIcon = trayIconFor(snapshot?.status ?? null);
    if (nextIcon !== icon) {
      icon = nextIcon;
      options.shell.setIcon(icon);
    }
    const nextTooltip = trayTooltip(snapshot, missedAlert);
    if (nextTooltip !== tooltip) {
      tooltip = nextTooltip;
      options.shell.setTooltip(tooltip);
    }
    const menu = buildTrayMenu({
      snapshot,
      prefs: options.prefs.get(),
      logDirOpenable: openableFolder(snapshot?.config?.logDir ?? null).ok,
      loginItemSupported: options.loginItemSupported,
      missedAlert,
    });
    const key = trayMenuKey(menu);
    if (key !== menuKey) {
      menuKey = key;
      options.shell.setMenu(menu);
    }
  }

  return {
    start() {
      if (options.loginItemSupported) {
        const saved = options.prefs.get().startAtLogin;
        const os = options.shell.readStartAtLogin();
        startAtLogin = os ?? saved;
        const record = reconcileStartAtLogin(saved, os);
        if (record !== null) options.prefs.update({ startAtLogin: record });
      }
      options.monitor.configure(monitorSettingsOf(options.prefs.get()));
      refreshTray(options.monitor.latest());
      unsubscribe.push(
        options.monitor.onSnapshot((s) => {
          options.history.add(s);
          refreshTray(s);
          send(messagesOnSnapshot(s, options.shell.panelVisible()));
        }),
        options.monitor.onAlert((alert) => {
          const text = notificationFor(alert, options.prefs.get());
          if (text) options.shell.notify(text, alert);
        }),
        options.prefs.onChange((p) => {
          options.monitor.configure(monitorSettingsOf(p));
          const apply = options.loginItemSupported ? startAtLoginToApply(startAtLogin, p.startAtLogin) : null;
          if (apply !== null) {
            options.shell.setStartAtLogin(apply);
            startAtLogin = apply;
          }
          send(messagesOnPrefs(p));
          refreshTray(options.monitor.latest());
        }),
      );
      options.monitor.start();
    },
    stop() {
      for (const u of unsubscribe.splice(0)) u();
      options.monitor.stop();
    },
    async runAction(action) {
      // From the menu nothing else would show a failure: Electron only warns on a rejected promise.
      try {
        const result = await perform(action);
        if (result && !result.ok) options.shell.warn(`${action}: ${result.error}`);
      } catch (err) {
        options.shell.warn(`${action} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    notificationFailed(text, error) {
      // Once: on an unsigned macOS build every notification fails the same way.
      if (!notificationsFailed) {
        options.shell.warn(`notifications cannot be shown (${error}); alerts show in the tray's tooltip and menu`);
      }
      notificationsFailed = true;
      missedAlert = text;
      refreshTray(options.monitor.latest());
    },
    panelShown() {
      send(messagesOnShow(options.monitor.latest(), options.history.points()));
      if (!missedAlert) return;
      missedAlert = null;
      refreshTray(options.monitor.latest());
    },
  };
}
