/** One instance only, no Dock icon, and no quitting when the (hidden) panel is the last window. */
import { app } from 'electron';
import { appUserModelIdFor } from '../tray/app-identity';
import { xwaylandRelaunch } from '../tray/xwayland';

/**
 * `--user-data-dir=DIR` keeps preferences and the single-instance lock in DIR (for tests and
 * side-by-side installs). It must be applied before the lock is taken and before ready.
 */
export function applyUserDataDir(argv: readonly string[]): void {
  const arg = argv.find((a) => a.startsWith('--user-data-dir='));
  if (arg) app.setPath('userData', arg.slice('--user-data-dir='.length));
}

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
