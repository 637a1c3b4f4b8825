/**
 * A test-only door into the running app, for Playwright (which cannot click a tray icon): present
 * only when COVALENT_DASK_TRAY_TEST_HOOK=1, absent otherwise. Tests call it through
 * electronApp.evaluate(() => globalThis.covalentDaskTrayTest...).
 */
import type { Tray } from 'electron';
import type { Alert, Snapshot } from '../../shared/snapshot';
import type { NotificationText } from '../tray/notification-text';
import type { PanelWindow } from './panel-window';

export interface TestHook {
  clickTray(): void;
  panelVisible(): boolean;
  latest(): Snapshot | null;
  notifications: { text: NotificationText; alert: Alert }[];
}

declare global {
  // eslint-disable-next-line no-var
  var covalentDaskTrayTest: TestHook | undefined;
}

export const TEST_HOOK_ENABLED = process.env.COVALENT_DASK_TRAY_TEST_HOOK === '1';

export function installTestHook(tray: Tray, panel: PanelWindow, latest: () => Snapshot | null): TestHook | null {
  if (!TEST_HOOK_ENABLED) return null;
  const hook: TestHook = {
    clickTray: () => tray.emit('click'),
    panelVisible: () => panel.isVisible(),
    latest,
    notifications: [],
  };
  globalThis.covalentDaskTrayTest = hook;
  return hook;
}
