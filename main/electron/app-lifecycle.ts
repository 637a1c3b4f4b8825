/**
 * One instance only, no Dock icon, and no quitting when the (hidden) panel is the last window.
 * `--user-data-dir=DIR` (tests, side-by-side installs) needs no code: Electron applies it, made
 * absolute and created, before any script runs (shell/app/electron_main_delegate.cc:250-254).
 */
import { type BrowserWindow, app, dialog } from 'electron';
import { appUserModelIdFor } from '../tray/app-identity';
import { opensPanelOnActivate, quitsOnSessionEnd } from '../tray/panel-window-options';
import { xwaylandRelaunch } from '../tray/xwayland';
import { TEST_HOOK_ENABLED } from './test-hook';

/** Before ready, before any notification or login item: the id Windows files toasts under. */
export function claimAppUserModelId(): void {
  const id = appUserModelIdFor(process.platform);
  if (id) app.setAppUserModelId(id);
}

/** Starts again under XWayland where xwaylandRelaunch says so; true when this process is on its way out. */
export function relaunchUnderXWayland(): boolean {
  const relaunch = xwaylandRelaunch({ platform: process.platform, env: process.env, argv: process.argv });
  if (!relaunch) return false;
  app.relaunch(relaunch);
  app.exit(0);
  return true;
}

/** Claims the single-instance lock; a second launch calls `onSecondLaunch` here and quits itself. */
export function claimSingleInstance(onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', onSecondLaunch);
  return true;
}

export function configureAppLifecycle(): void {
  // A menu-bar app: no Dock icon on macOS (electron-builder also sets LSUIElement).
  if (process.platform === 'darwin') app.dock?.hide();
  // The panel hides rather than closes; should it close, the tray app lives on.
  app.on('window-all-closed', () => undefined);
}

/** macOS: the running app launched again (Finder, Spotlight) opens the panel. */
export function openPanelOnActivate(openPanel: () => void): void {
  if (opensPanelOnActivate(process.platform)) app.on('activate', () => openPanel());
}

/** Windows: a shutdown or logoff quits as 'before-quit' would have. */
export function quitOnSessionEnd(window: BrowserWindow, quit: () => void): void {
  if (quitsOnSessionEnd(process.platform)) window.on('session-end', quit);
}

/**
 * start() failed. Electron only warns on a rejected promise (unhandled_rejections is
 * "warn-with-error-code": shell/browser/electron_browser_main_parts.cc:287-288), so the process would
 * live on with the single-instance lock and no tray, and every later launch would only poke it.
 */
export function failStartup(err: unknown): void {
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  console.error(`Covalent Dask Tray could not start: ${text}`);
  // Not under the tests, where a modal box would only hold the run until it times out.
  if (!TEST_HOOK_ENABLED) dialog.showErrorBox('Covalent Dask Tray could not start', text);
  app.exit(1);
}
